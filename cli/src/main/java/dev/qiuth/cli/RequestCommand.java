package dev.qiuth.cli;

import dev.qiuth.client.QiuthClient;
import dev.qiuth.client.QiuthRequest;
import dev.qiuth.client.RetryPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qiuth request METHOD URL}: sends one signed request and prints the answer. */
@Command(name = "request", mixinStandardHelpOptions = true,
        description = {"Send one signed request and print the status line and the body.",
            "Exit code: 0 for a 2xx answer, 1 for another status, 2 for a usage or credential error, 3 when no connection could be made."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth request GET 'https://api.example.com/orders?status=open'",
            "  qiuth request POST https://api.example.com/orders -H 'Content-Type: application/json' --data '{\"sku\":\"A-1\"}'",
            "  qiuth request PUT https://api.example.com/orders/7 --data @order.json --env-file ./credentials/qiuth.env",
            "  qiuth request GET https://api.example.com/health --retries 3 -i"})
final class RequestCommand implements Callable<Integer> {
    @ParentCommand
    QiuthCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    CredentialOptions credentials;

    @Parameters(index = "0", paramLabel = "METHOD", description = "GET, POST, PUT, PATCH, DELETE, ...")
    String method;

    @Parameters(index = "1", paramLabel = "URL", description = "the full URL, query included")
    String url;

    @Option(names = {"-d", "--data"}, paramLabel = "TEXT|@FILE", description = "the body: text (sent as UTF-8), @file for its exact bytes, @- for standard input")
    String data;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "another header; repeat for more")
    List<String> headers = new ArrayList<>();

    @Option(names = "--retries", defaultValue = "0", description = "retries after a connection error or a 5xx answer, each signed again (default ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "time allowed for an answer (default ${DEFAULT-VALUE})")
    long timeout;

    @Option(names = {"-i", "--include"}, description = "also print the response headers")
    boolean include;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("--retries must be 0 to 10, got " + retries);
        }
        if (timeout < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeout);
        }
        dev.qiuth.client.WireUrl.of(url);   // a clear message for a URL that is not absolute http(s)
        QiuthRequest.Builder request = QiuthRequest.builder(method, url).headers(HeaderOption.parse(headers));
        RequestBody body = RequestBody.parse(data, root.environment.stdin());
        if (body.bytes() != null) {
            request.body(body.bytes());
        }
        QiuthClient client = QiuthClient.builder()
                .credentials(credentials.resolve(root.environment.env()))
                .clock(root.environment.clock())
                .sleeper(root.environment.sleeper())
                .retryPolicy(retries == 0 ? RetryPolicy.none() : RetryPolicy.retries(retries))
                .connectTimeout(Duration.ofSeconds(Math.min(timeout, 10)))
                .timeout(Duration.ofSeconds(timeout))
                .build();
        HttpResponse<String> response = client.send(request.build());
        PrintWriter out = spec.commandLine().getOut();
        out.println((response.version() == java.net.http.HttpClient.Version.HTTP_2 ? "HTTP/2 " : "HTTP/1.1 ") + response.statusCode());
        if (include) {
            response.headers().map().forEach((name, values) -> values.forEach(v -> out.println(name + ": " + v)));
            out.println();
        }
        out.print(response.body());
        if (!response.body().isEmpty() && !response.body().endsWith("\n")) {
            out.println();
        }
        out.flush();
        int status = response.statusCode();
        return status >= 200 && status <= 299 ? QiuthCli.OK : QiuthCli.HTTP_ERROR;
    }
}
