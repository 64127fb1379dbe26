package dev.qiuth.cli;

import dev.qiuth.client.WireUrl;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qiuth sign}: the headers of one signed request, ready for {@code curl -H}. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Print the Qiuth headers for one request, one curl -H option per line, then a ready curl command.",
            "The output holds your API key and is valid for minutes only (timestamp, TOTP code); sign again for each request."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth sign --url 'https://api.example.com/orders?status=open'",
            "  qiuth sign --method POST --url https://api.example.com/orders --data '{\"sku\":\"A-1\"}' \\",
            "      -H 'Content-Type: application/json'",
            "  qiuth sign --method PUT --url https://api.example.com/orders/7 --data @order.json --format json",
            "  eval \"$(qiuth sign --url https://api.example.com/orders | sed '1,/^$/d')\"   (runs the ready curl command after the blank line)"})
final class SignCommand implements Callable<Integer> {
    enum Format { curl, json }

    @ParentCommand
    QiuthCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    CredentialOptions credentials;

    @Option(names = {"-X", "--method"}, defaultValue = "GET", description = "HTTP method (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--url", required = true, description = "the full URL, query included, as it will be called")
    String url;

    @Option(names = {"-d", "--data"}, paramLabel = "TEXT|@FILE", description = "the body: text (sent as UTF-8), @file for its exact bytes, @- for standard input")
    String data;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "another header for the curl command")
    List<String> headers = new ArrayList<>();

    @Option(names = "--format", defaultValue = "curl", description = "curl or json (default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        String m = method.toUpperCase(Locale.ROOT);
        if (!m.matches("[A-Z]+")) {
            throw new IllegalArgumentException("--method must be letters only, got '" + method + "'");
        }
        Map<String, String> extra = HeaderOption.parse(headers);
        String wire = WireUrl.of(url);
        RequestBody body = RequestBody.parse(data, root.environment.stdin());
        Map<String, String> signed = credentials.resolve(root.environment.env()).signer(root.environment.clock())
                .sign(m, wire, body.bytes());
        PrintWriter out = spec.commandLine().getOut();
        String curl = curl(m, wire, signed, extra, body);
        if (format == Format.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("method", m);
            json.put("url", wire);
            json.put("headers", new LinkedHashMap<>(signed));
            json.put("curl", curl);
            out.println(JsonText.write(json));
        } else {
            signed.forEach((name, value) -> out.println("-H " + ShellQuote.quote(name + ": " + value)));
            out.println();
            out.println(curl);
        }
        out.flush();
        return QiuthCli.OK;
    }

    /** A curl command that sends exactly what was signed. */
    private String curl(String m, String wire, Map<String, String> signed, Map<String, String> extra, RequestBody body) {
        List<String> parts = new ArrayList<>();
        StringBuilder first = new StringBuilder("curl");
        if (wire.matches(".*[\\[\\]{}].*")) {
            first.append(" --globoff");           // [ ] { } are curl's URL globbing otherwise
        }
        if (wire.matches("^[a-z]+://[^/]*(/[^?]*)?/\\.\\.?(/.*|\\?.*)?$") || wire.contains("/./") || wire.contains("/../")) {
            first.append(" --path-as-is");        // curl would remove dot segments, changing the signed URL
        }
        first.append(" -X ").append(m).append(' ').append(ShellQuote.quote(wire));
        parts.add(first.toString());
        signed.forEach((name, value) -> parts.add("-H " + ShellQuote.quote(name + ": " + value)));
        extra.forEach((name, value) -> parts.add("-H " + ShellQuote.quote(name + ": " + value)));
        if (body.bytes() != null && body.bytes().length > 0) {
            parts.add(body.file() != null ? "--data-binary " + ShellQuote.quote("@" + body.file())
                    : "--data-binary " + ShellQuote.quote(new String(body.bytes(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return String.join(" \\\n  ", parts);
    }
}
