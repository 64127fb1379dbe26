package dev.qiuth.cli;

import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.store.postgres.NewKey;
import dev.qiuth.store.postgres.Secret;
import dev.qiuth.store.postgres.StoredKey;
import dev.qiuth.totp.OtpAuthUri;
import dev.qiuth.totp.TotpConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qiuth keys add}: generates an API key (and a TOTP and HMAC secret when asked), stores
 * them (the API key as its SHA-256, the secrets encrypted) and prints them once. Nothing is
 * printed when the store refuses the key, so a secret is never shown for a key that does not exist.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Create a key with new credentials and print them ONCE (they cannot be shown again).",
            "--format json prints {id, apiKey, totpSecret, hmacSecret}; --format env the client's QIUTH_* lines."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth keys add --name billing --prefix sk_live_ --totp --scope orders:read",
            "  qiuth keys add --name partner --hmac --ip 203.0.113.0/24 --expires 2027-01-01T00:00:00Z --format env > partner.env",
            "  qiuth keys add --name edge --ip 198.51.100.0/24 --trust-proxy   # behind one proxy: its X-Forwarded-For names the client",
            "  qiuth keys add --name batch --certificate ./qiuth-public.pem --rate-limit 100/1m --format json"})
final class KeysAddCommand implements Callable<Integer> {
    enum Format { text, env, json }

    static final Pattern PERIOD = Pattern.compile("([1-9][0-9]{0,8})([smhd])");
    private static final Pattern RATE = Pattern.compile("([1-9][0-9]{0,8})/([1-9][0-9]{0,8}[smhd])");

    @ParentCommand
    KeysCommand keys;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions db;

    @Option(names = "--name", required = true, description = "what the key is for, shown by list")
    String name;

    @Option(names = "--id", description = "stable id (default: the first 8 hex characters of the key's hash)")
    String id;

    @Option(names = "--prefix", defaultValue = "", description = "API key prefix, such as sk_live_")
    String prefix;

    @Option(names = "--totp", description = "require a TOTP code (a new secret is generated)")
    boolean totp;

    @Option(names = "--hmac", description = "require HMAC signatures (a new secret is generated)")
    boolean hmac;

    @Option(names = "--certificate", paramLabel = "PEM_FILE", description = "require RSA signatures verifiable with this public key")
    Path certificate;

    @Option(names = "--ip", paramLabel = "CIDR", split = ",", description = "allowed client addresses or ranges (repeatable)")
    List<String> ipAllowlist;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", split = ",", description = "proxies whose X-Forwarded-For is believed for this key")
    List<String> trustedProxies;

    @Option(names = "--trust-proxy", description = "believe X-Forwarded-For from whichever peer connects, one hop "
            + "(QIUTH_IP_TRUST_PROXY=true for this key only); needs --ip, not with --trusted-proxy")
    boolean trustProxy;

    @Option(names = "--expires", paramLabel = "WHEN", description = "an instant (2027-01-01T00:00:00Z) or a period from now (30d, 12h, 90m)")
    String expires;

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",", description = "scopes granted to the key (repeatable)")
    List<String> scopes;

    @Option(names = "--owner", description = "who the key belongs to")
    String owner;

    @Option(names = "--rate-limit", paramLabel = "N/PERIOD", description = "requests per period, such as 100/1m")
    String rateLimit;

    @Option(names = "--issuer", defaultValue = "Qiuth", description = "issuer shown by the authenticator app for the QR code (default ${DEFAULT-VALUE})")
    String issuer;

    @Option(names = "--format", defaultValue = "text", description = "text, env or json (default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() throws IOException {
        ApiKeyPrefix.check(spec, prefix);
        if (name.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--name must not be blank");
        }
        Instant now = keys.environment().clock().instant();
        NewKey.Builder b = NewKey.builder().name(name).owner(owner);
        if (id != null) {
            b.id(id);
        }
        if (scopes != null) {
            b.scopes(scopes);
        }
        if (ipAllowlist != null) {
            b.ipAllowlist(ipAllowlist);
        }
        if (trustedProxies != null && trustProxy) {
            throw new ParameterException(spec.commandLine(), "--trust-proxy (one hop, any address) and --trusted-proxy "
                    + "(these ranges) exclude each other: pass one");
        }
        if ((trustedProxies != null || trustProxy) && ipAllowlist == null) {
            throw new ParameterException(spec.commandLine(), (trustProxy ? "--trust-proxy" : "--trusted-proxy")
                    + " only serves the IP check: pass --ip too");
        }
        if (trustedProxies != null) {
            b.trustedProxies(trustedProxies);
        }
        if (trustProxy) {
            b.trustedProxiesOneHop();
        }
        if (expires != null) {
            Instant at = expiry(now);
            if (!at.isAfter(now)) {
                throw new ParameterException(spec.commandLine(), "--expires must be in the future, got " + at);
            }
            b.expiresAt(at);
        }
        if (rateLimit != null) {
            b.rateLimit(rateLimit());
        }
        if (certificate != null) {
            b.certificate(readPem(), null);
        }
        CredentialGenerator generator = new CredentialGenerator();
        String apiKey = generator.apiKey(prefix);
        b.apiKey(apiKey);
        String totpSecret = totp ? generator.totpSecret() : null;
        if (totpSecret != null) {
            b.totp(TotpConfig.of(totpSecret));
        }
        String hmacSecret = hmac ? generator.hmacSecret() : null;
        if (hmacSecret != null) {
            b.hmac(Secret.of(hmacSecret), null);
        }
        NewKey key = b.build(); // refuses bad CIDRs, PEMs, ids before the database is asked
        StoredKey stored = KeysCommand.withAdmin(keys, db, admin -> admin.add(key));
        print(stored, apiKey, totpSecret, hmacSecret);
        return QiuthCli.OK;
    }

    private void print(StoredKey stored, String apiKey, String totpSecret, String hmacSecret) {
        printCredentials(spec.commandLine().getOut(), format, "Key added:", stored, apiKey, totpSecret, hmacSecret,
                certificate, issuer);
    }

    /**
     * New credentials, printed once, in the shape {@code add} and {@code rotate} share: a JSON
     * object of {@code id} and the generated secrets, the client's {@code QIUTH_*} lines, or text
     * with the TOTP secret as a QR code too. A credential that was not generated is left out.
     */
    static void printCredentials(PrintWriter out, Format format, String heading, StoredKey stored, String apiKey,
            String totpSecret, String hmacSecret, Path certificate, String issuer) {
        if (format == Format.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", stored.id());
            if (apiKey != null) {
                j.put("apiKey", apiKey);
            }
            if (totpSecret != null) {
                j.put("totpSecret", totpSecret);
            }
            if (hmacSecret != null) {
                j.put("hmacSecret", hmacSecret);
            }
            out.println(JsonText.write(j));
        } else if (format == Format.env) {
            List<String> lines = new ArrayList<>();
            lines.add("# Qiuth client credentials for key " + KeyDescription.printable(stored.id()));
            if (apiKey != null) {
                lines.add("QIUTH_API_KEY=" + apiKey);
            }
            if (totpSecret != null) {
                lines.add("QIUTH_TOTP_SECRET=" + totpSecret);
            }
            if (hmacSecret != null) {
                lines.add("QIUTH_HMAC_SECRET=" + hmacSecret);
            }
            lines.forEach(out::println);
        } else {
            out.println(String.format("%-15s", heading) + KeyDescription.printable(stored.id()) + " ("
                    + KeyDescription.printable(stored.name()) + ")");
            if (apiKey != null) {
                out.println("API key:       " + apiKey);
            }
            if (hmacSecret != null) {
                out.println("HMAC secret:   " + hmacSecret);
            }
            if (certificate != null) {
                out.println("RSA:           requests must be signed with the private key of " + certificate.getFileName());
            }
            if (totpSecret != null) {
                out.println("TOTP secret:   " + totpSecret);
                String uri = OtpAuthUri.of(TotpConfig.of(totpSecret), issuer, stored.name());
                out.println("Scan with an authenticator app:");
                out.print(TerminalQr.render(uri, true));
            }
            out.println();
            out.println("Store these secrets now: they are not shown again.");
        }
        out.flush();
    }

    private Instant expiry(Instant now) {
        Matcher m = PERIOD.matcher(expires);
        if (m.matches()) {
            return now.plus(period(m.group(1), m.group(2)));
        }
        try {
            return Instant.parse(expires);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(),
                    "--expires must be an instant such as 2027-01-01T00:00:00Z or a period such as 30d, got '"
                            + KeyDescription.printable(expires) + "'");
        }
    }

    private RateLimit rateLimit() {
        Matcher m = RATE.matcher(rateLimit);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "--rate-limit must be N/PERIOD such as 100/1m, got '"
                    + KeyDescription.printable(rateLimit) + "'");
        }
        String window = m.group(2);
        try {
            return RateLimit.of(Integer.parseInt(m.group(1)),
                    period(window.substring(0, window.length() - 1), window.substring(window.length() - 1)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--rate-limit: " + e.getMessage());
        }
    }

    /** A period of the CLI's form: {@code 90m}, {@code 24h}, {@code 7d}, split into amount and unit. */
    static Duration period(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private String readPem() throws IOException {
        return readPublicPem(spec, certificate);
    }

    /** A public key PEM file; a private key is refused, never stored or echoed. */
    static String readPublicPem(CommandSpec spec, Path certificate) throws IOException {
        if (!Files.isRegularFile(certificate)) {
            throw new ParameterException(spec.commandLine(), "--certificate: no such file " + certificate);
        }
        String pem = Files.readString(certificate, StandardCharsets.UTF_8);
        if (pem.contains("PRIVATE KEY")) {
            // never store or echo a private key: the server needs only the public one
            throw new ParameterException(spec.commandLine(), "--certificate must be the PUBLIC key; "
                    + certificate + " holds a private key");
        }
        return pem;
    }
}
