package dev.qiuth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.qiuth.Decision;
import dev.qiuth.Factor;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.client.testserver.TestKeys;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.signature.RequestSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QiuthCredentialsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    static final String KEY = "sk_test_credentials_0123456789";
    static final String HMAC = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void fromVariablesSignsLikeTheSignerBuiltByHand() {
        QiuthCredentials c = QiuthCredentials.fromEnvironment(Map.of(
                "QIUTH_API_KEY", KEY, "QIUTH_TOTP_SECRET", TestKeys.TOTP_SECRET, "QIUTH_HMAC_SECRET", HMAC,
                "QIUTH_PRIVATE_KEY", TestKeys.PRIVATE_KEY_PEM, "UNRELATED", "x"));
        RequestSigner byHand = RequestSigner.builder().apiKey(KEY).totpSecret(TestKeys.TOTP_SECRET).hmacSecret(HMAC)
                .privateKeyPem(TestKeys.PRIVATE_KEY_PEM).clock(CLOCK).build();

        assertThat(c.signer(CLOCK).sign("POST", "http://h/x", "{}")).isEqualTo(byHand.sign("POST", "http://h/x", "{}"));
        assertThat(c.hasTotp() && c.hasHmac() && c.hasPrivateKey()).isTrue();
    }

    @Test
    void aPemWithEscapedNewlinesIsRead() {
        String escaped = TestKeys.PRIVATE_KEY_PEM.replace("\n", "\\n");

        QiuthCredentials c = QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY, "QIUTH_PRIVATE_KEY", escaped));

        assertThat(c.signer(CLOCK).sign("GET", "http://h/", (byte[]) null))
                .isEqualTo(RequestSigner.builder().apiKey(KEY).privateKeyPem(TestKeys.PRIVATE_KEY_PEM).clock(CLOCK).build()
                        .sign("GET", "http://h/", (byte[]) null));
    }

    @Test
    void everyValueMayComeFromAFile() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), KEY + "\n");
        Path pem = Files.writeString(dir.resolve("private.pem"), TestKeys.PRIVATE_KEY_PEM);
        Path hmac = Files.writeString(dir.resolve("hmac"), HMAC);

        QiuthCredentials c = QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY_FILE", key.toString(),
                "QIUTH_PRIVATE_KEY_FILE", pem.toString(), "QIUTH_HMAC_SECRET_FILE", hmac.toString()));

        assertThat(c.signer(CLOCK).sign("GET", "http://h/", (byte[]) null)).containsEntry("X-API-Key", KEY)
                .containsKeys("X-Signature", "X-HMAC-Signature");
    }

    @Test
    void anEnvFileIsRead() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), String.join("\n",
                "# written by qiuth generate",
                "export QIUTH_API_KEY=" + KEY,
                "QIUTH_HMAC_SECRET='" + HMAC + "'",
                "QIUTH_PRIVATE_KEY=\"" + TestKeys.PRIVATE_KEY_PEM.replace("\n", "\\n") + "\"",
                ""));

        QiuthCredentials c = QiuthCredentials.fromEnvFile(env);

        assertThat(c.hasHmac() && c.hasPrivateKey()).isTrue();
        assertThat(c.signer(CLOCK).sign("GET", "http://h/", (byte[]) null)).containsEntry("X-API-Key", KEY);
    }

    @Test
    void aLaterSourceWins() {
        QiuthCredentials c = QiuthCredentials.builder().environment(Map.of("QIUTH_API_KEY", "from-file-key"))
                .environment(Map.of("QIUTH_API_KEY", KEY)).build();

        assertThat(c.signer(CLOCK).sign("GET", "http://h/", (byte[]) null)).containsEntry("X-API-Key", KEY);
    }

    @Test
    void aMissingKeyIsNamed() {
        assertThatThrownBy(() -> QiuthCredentials.fromEnvironment(Map.of("QIUTH_HMAC_SECRET", HMAC)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QIUTH_API_KEY");
    }

    @Test
    void badValuesNameTheirVariableAndNeverTheValue() throws Exception {
        String badBase32 = "NOT-BASE32-SECRET-1";
        assertThatThrownBy(() -> QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY, "QIUTH_TOTP_SECRET", badBase32)))
                .hasMessageStartingWith("QIUTH_TOTP_SECRET: ").hasMessageContaining("base32").hasMessageNotContaining(badBase32);
        assertThatThrownBy(() -> QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY, "QIUTH_HMAC_SECRET", "short-secret")))
                .hasMessageStartingWith("QIUTH_HMAC_SECRET: ").hasMessageContaining("at least 32").hasMessageNotContaining("short-secret");
        String notPem = "-----BEGIN PRIVATE KEY-----\nAAAAsecretish\n-----END PRIVATE KEY-----";
        assertThatThrownBy(() -> QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY, "QIUTH_PRIVATE_KEY", notPem)))
                .hasMessageStartingWith("QIUTH_PRIVATE_KEY: ").hasMessageNotContaining("secretish");
        assertThatThrownBy(() -> QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY, "QIUTH_PRIVATE_KEY", "garbage")))
                .hasMessageContaining("BEGIN PRIVATE KEY");
        assertThatThrownBy(() -> QiuthCredentials.builder().apiKey(KEY).privateKeyFile(dir.resolve("absent.pem")).build())
                .hasMessageContaining("cannot read").hasMessageContaining("absent.pem");
        assertThatThrownBy(() -> QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY, "QIUTH_API_KEY_FILE", "/x")))
                .hasMessageContaining("only one of QIUTH_API_KEY and QIUTH_API_KEY_FILE");
        assertThatThrownBy(() -> QiuthCredentials.builder().apiKey("with space").build())
                .hasMessageContaining("printable ASCII").hasMessageNotContaining("with space");
    }

    @Test
    void aPkcs1PemGetsAHowToConvert() {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----";

        assertThatThrownBy(() -> QiuthCredentials.builder().apiKey(KEY).privateKeyPem(pkcs1).build())
                .hasMessageContaining("PKCS#1").hasMessageContaining("openssl");
    }

    @Test
    void theTotpStepIsReadAsTheServerReadsIt() {
        QiuthCredentials c = QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY,
                "QIUTH_TOTP_SECRET", TestKeys.TOTP_SECRET, "QIUTH_TOTP_TIME_STEP", "60"));

        assertThat(c.totp()).hasValueSatisfying(t -> assertThat(t.step().toSeconds()).isEqualTo(60));
        assertThatThrownBy(() -> QiuthCredentials.fromEnvironment(Map.of("QIUTH_API_KEY", KEY,
                "QIUTH_TOTP_SECRET", TestKeys.TOTP_SECRET, "QIUTH_TOTP_TIME_STEP", "soon")))
                .hasMessageContaining("QIUTH_TOTP_TIME_STEP");
    }

    /**
     * Client and server read {@code QIUTH_*} through core's one reader: the tricky forms it accepts
     * (surrounding whitespace, a {@code _FILE} with trailing newlines, PEMs with {@code \n}
     * escapes, a spaced step) mean the same on both sides, so one {@code .env} file serves both.
     */
    @Test
    void clientAndServerReadTheSameVariablesAlike() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("api-key"), "  " + KEY + "\n\n");
        Map<String, String> env = Map.of(
                "QIUTH_API_KEY_FILE", keyFile.toString(),
                "QIUTH_TOTP_SECRET", " \t" + TestKeys.TOTP_SECRET + " \n",
                "QIUTH_TOTP_TIME_STEP", " 60 ",
                "QIUTH_HMAC_SECRET", "  " + HMAC + "\t",
                "QIUTH_PRIVATE_KEY", TestKeys.PRIVATE_KEY_PEM.replace("\n", "\\n") + "\n",
                "QIUTH_CERTIFICATE_PUBLIC_KEY", " " + TestKeys.PUBLIC_KEY_PEM.replace("\n", "\\n"));
        Qiuth server = EnvironmentConfig.from(env).engineBuilder().clock(CLOCK).build();
        QiuthCredentials client = QiuthCredentials.fromEnvironment(env);

        Map<String, String> signed = client.signer(CLOCK).sign("POST", "http://api.example.com/orders?id=7", "{}");
        Decision d = server.authenticate(view("POST", "api.example.com", "/orders", "id=7", signed, "{}"));

        assertThat(d.granted()).as("the server grants what the client signed: %s", d).isTrue();
        assertThat(client.totp()).hasValueSatisfying(t -> assertThat(t.step()).hasSeconds(60));
        assertThat(EnvironmentConfig.from(env).requirePolicy().factors())
                .containsExactlyInAnyOrder(Factor.API_KEY, Factor.TOTP, Factor.HMAC, Factor.CERTIFICATE);
    }

    /** A bad value is refused by both sides with the same message, which names the variable only. */
    @ParameterizedTest
    @CsvSource({
        "QIUTH_TOTP_TIME_STEP, 0",
        "QIUTH_TOTP_TIME_STEP, soon",
        "QIUTH_TOTP_TIME_STEP, 99999999999",
        "QIUTH_TOTP_SECRET, NOT-BASE32-SECRET-1",
        "QIUTH_HMAC_SECRET, short-secret-value",
    })
    void clientAndServerRefuseABadValueWithTheSameMessage(String variable, String value) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("QIUTH_API_KEY", KEY, "QIUTH_TOTP_SECRET", TestKeys.TOTP_SECRET));
        env.put(variable, value);

        String server = catchThrowableOfType(IllegalArgumentException.class, () -> EnvironmentConfig.from(env)).getMessage();
        String client = catchThrowableOfType(IllegalArgumentException.class, () -> QiuthCredentials.fromEnvironment(env)).getMessage();

        assertThat(client).isEqualTo(server).contains(variable).doesNotContain(value);
    }

    private static RequestView view(String method, String host, String path, String query, Map<String, String> headers,
            String body) {
        Headers.Builder h = Headers.builder().add("Host", host);
        headers.forEach(h::add);
        return RequestView.builder().method(method).scheme("http").hostHeader(host).rawPath(path).rawQuery(query)
                .headers(h.build()).remoteAddress("127.0.0.1").body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void toStringRedacts() {
        QiuthCredentials c = QiuthCredentials.builder().apiKey(KEY).hmacSecret(HMAC).totpSecret(TestKeys.TOTP_SECRET).build();

        assertThat(c.toString()).isEqualTo("QiuthCredentials[apiKey=<redacted>, totp=true, hmac=true, privateKey=false]");
    }

    @Test
    void envFileLinesAreCheckedWithoutEchoingThem() {
        assertThatThrownBy(() -> EnvFile.parse(List.of("QIUTH_API_KEY=a", "sk_live_leaked"), ".env"))
                .hasMessage(".env line 2: expected NAME=value");
        assertThatThrownBy(() -> EnvFile.parse(List.of("QIUTH_API_KEY=\"sk_live_open"), ".env"))
                .hasMessage(".env line 1: quote not closed");
        assertThat(EnvFile.parse(List.of("A=1 # note", "B=\"x#y\"", "C="), "f")).containsEntry("A", "1")
                .containsEntry("B", "x#y").containsEntry("C", "");
    }
}
