package dev.qiuth.bench.http;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.totp.TotpConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the HTTP load benchmark ({@code benchmarks/http/run.sh}) sends, computed ahead of the run
 * because wrk's Lua has no HMAC: a TOTP code for a long time step, or a file of distinct signed
 * requests (the replay guard refuses a repeat). Secrets come from the {@code QIUTH_*} variables,
 * never from the command line, where {@code ps} would show them.
 *
 * <pre>
 * QIUTH_TOTP_SECRET=... QIUTH_TOTP_TIME_STEP=86400 java -cp benchmarks.jar dev.qiuth.bench.http.LoadRequests totp
 * QIUTH_API_KEY=... QIUTH_HMAC_SECRET=... java -cp benchmarks.jar dev.qiuth.bench.http.LoadRequests \
 *     hmac 200000 http://127.0.0.1:8080 /api/hello requests.txt
 * </pre>
 *
 * <p>Each line of the {@code hmac} file is {@code TARGET TIMESTAMP SIGNATURE}, space-separated:
 * the request target ({@code /api/hello?n=17}) and the two headers the key needs besides
 * {@code X-API-Key}.
 */
public final class LoadRequests {
    private LoadRequests() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("totp")) {
            System.out.println(totpCode(System.getenv()));
        } else if (args.length == 5 && args[0].equals("hmac")) {
            int count = Integer.parseInt(args[1]);
            writeSigned(System.getenv(), count, args[2], args[3], Path.of(args[4]));
        } else {
            System.err.println("usage: LoadRequests totp | LoadRequests hmac COUNT BASE_URL PATH FILE");
            System.exit(2);
        }
    }

    /** The current code of {@code QIUTH_TOTP_SECRET} with a step of {@code QIUTH_TOTP_TIME_STEP} seconds. */
    static String totpCode(Map<String, String> env) {
        TotpConfig totp = TotpConfig.builder(require(env, "QIUTH_TOTP_SECRET"))
                .step(Duration.ofSeconds(Long.parseLong(require(env, "QIUTH_TOTP_TIME_STEP")))).build();
        Map<String, String> headers = RequestSigner.builder().apiKey("unused").totp(totp).build()
                .sign("GET", "http://127.0.0.1/", (byte[]) null);
        return headers.get(QiuthHeaders.TOTP_TOKEN);
    }

    /** {@code count} requests for {@code baseUrl + path?n=i}, each signed now with {@code QIUTH_HMAC_SECRET}. */
    static void writeSigned(Map<String, String> env, int count, String baseUrl, String path, Path file) throws IOException {
        RequestSigner signer = RequestSigner.builder().apiKey(require(env, "QIUTH_API_KEY"))
                .hmacSecret(require(env, "QIUTH_HMAC_SECRET")).build();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                String target = path + "?n=" + i;
                Map<String, String> headers = signer.sign("GET", baseUrl + target, (byte[]) null);
                out.write(target);
                out.write(' ');
                out.write(headers.get(QiuthHeaders.TIMESTAMP));
                out.write(' ');
                out.write(headers.get(QiuthHeaders.HMAC_SIGNATURE));
                out.write('\n');
            }
        }
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
