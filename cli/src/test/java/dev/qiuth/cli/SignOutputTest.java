package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.client.testserver.TestKeys;
import dev.qiuth.client.testserver.TestKeys.Combination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code qiuth sign} prints the headers of one request, and with them the API key (the server
 * needs it), but never what it signed them with: the TOTP secret, the HMAC secret, the private key.
 */
class SignOutputTest {
    private static final String[] REQUEST = {"sign", "--method", "POST", "--url", "http://api.example.com/orders?x=1",
        "--data", "{\"sku\":\"A-1\"}", "-H", "Content-Type: application/json"};

    @TempDir
    Path dir;

    /** Where the signing credentials come from. */
    enum Source { VARIABLES, FLAGS, ENV_FILE }

    static Stream<Arguments> formatsAndSources() {
        return Stream.of("curl", "json").flatMap(f -> Arrays.stream(Source.values()).map(s -> Arguments.of(f, s)));
    }

    @ParameterizedTest(name = "--format {0}, credentials from {1}")
    @MethodSource("formatsAndSources")
    void signPrintsTheHeadersButNoSecret(String format, Source source) throws Exception {
        Cli.Run r = sign(source, "--format", format);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains(TestKeys.apiKey(Combination.ALL), "X-TOTP-Token", "X-Timestamp", "X-Signature",
                "X-HMAC-Signature");
        assertThat(r.out()).doesNotContain(TestKeys.TOTP_SECRET).doesNotContain(TestKeys.HMAC_SECRET)
                .doesNotContain("PRIVATE KEY");
        for (String pemLine : TestKeys.PRIVATE_KEY_PEM.lines().filter(l -> !l.startsWith("-----")).toList()) {
            assertThat(r.out()).doesNotContain(pemLine);
        }
    }

    private Cli.Run sign(Source source, String... more) throws Exception {
        Map<String, String> env = Map.of();
        List<String> args = new ArrayList<>(List.of(REQUEST));
        switch (source) {
            case VARIABLES -> env = TestKeys.env(Combination.ALL);
            case FLAGS -> {
                Path pem = Files.writeString(dir.resolve("private.pem"), TestKeys.PRIVATE_KEY_PEM);
                args.addAll(List.of("--api-key", TestKeys.apiKey(Combination.ALL), "--totp-secret", TestKeys.TOTP_SECRET,
                        "--hmac-secret", TestKeys.HMAC_SECRET, "--private-key", pem.toString()));
            }
            case ENV_FILE -> {
                Path file = Files.writeString(dir.resolve("qiuth.env"), QiuthCredentials.API_KEY + "=" + TestKeys.apiKey(Combination.ALL)
                        + "\n" + QiuthCredentials.TOTP_SECRET + "=" + TestKeys.TOTP_SECRET
                        + "\n" + QiuthCredentials.HMAC_SECRET + "=" + TestKeys.HMAC_SECRET
                        + "\n" + QiuthCredentials.PRIVATE_KEY + "=\"" + TestKeys.PRIVATE_KEY_PEM.replace("\n", "\\n") + "\"\n");
                args.addAll(List.of("--env-file", file.toString()));
            }
            default -> throw new IllegalStateException(source.name());
        }
        args.addAll(List.of(more));
        return Cli.run(env, Clock.systemUTC(), args.toArray(String[]::new));
    }
}
