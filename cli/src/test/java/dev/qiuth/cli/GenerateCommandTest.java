package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.client.EnvFile;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.signature.Pem;
import dev.qiuth.totp.Base32;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1).replace("\\n", "\n");
    }

    @Test
    void anApiKeyIs32RandomBytesInBase64UrlAfterItsPrefix() {
        Cli.Run a = Cli.run("generate", "api-key", "--prefix", "sk_live_", "--format", "env");
        Cli.Run b = Cli.run("generate", "api-key", "--prefix", "sk_live_", "--format", "env");

        assertThat(a.code()).isZero();
        assertThat(a.out()).matches("QIUTH_API_KEY=sk_live_[A-Za-z0-9_-]{43}\n");
        assertThat(a.out()).isNotEqualTo(b.out());
    }

    @Test
    void hashAndLengthFollowTheNodeCli() {
        Cli.Run r = Cli.run("generate", "api-key", "--length", "64", "--hash", "--format", "json");

        String key = field(r.out(), "apiKey");
        assertThat(key).hasSize(86);
        assertThat(field(r.out(), "hashedApiKey")).isEqualTo(ApiKeyHash.of(key).hex());
        assertThat(r.out()).startsWith("{\n  \"apiKey\": ");
    }

    @Test
    void totpHmacAndKeypairHaveTheProtocolFormats() {
        Cli.Run totp = Cli.run("generate", "totp", "--format", "json");
        Cli.Run hmac = Cli.run("generate", "hmac-secret", "--format", "json");
        Cli.Run keypair = Cli.run("generate", "keypair", "--format", "json");

        assertThat(Base32.decode(field(totp.out(), "secret"))).hasSize(20);
        assertThat(field(totp.out(), "currentToken")).matches("\\d{6}");
        assertThat(totp.out()).containsPattern("\"remainingTime\": \\d+");
        assertThat(field(hmac.out(), "hmacSecret")).matches("[0-9a-f]{64}");
        assertThat(hmac.out()).contains("\"length\": 32");
        assertThat(Pem.parsePublicKey(field(keypair.out(), "publicKey")).getModulus().bitLength()).isEqualTo(2048);
        assertThat(Pem.parsePrivateKey(field(keypair.out(), "privateKey"))).isNotNull();
    }

    @Test
    void envOutputEscapesPemNewlinesAndIsReadBackByClientAndServer() throws Exception {
        Cli.Run r = Cli.run("generate", "all", "--format", "env");

        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).filteredOn(l -> !l.startsWith("#")).extracting(l -> l.substring(0, l.indexOf('=')))
                .containsExactly("QIUTH_API_KEY", "QIUTH_TOTP_SECRET", "QIUTH_HMAC_SECRET", "QIUTH_CERTIFICATE_PUBLIC_KEY", "QIUTH_PRIVATE_KEY");
        assertThat(lines).filteredOn(l -> l.startsWith("QIUTH_PRIVATE_KEY=")).singleElement().asString()
                .startsWith("QIUTH_PRIVATE_KEY=\"-----BEGIN PRIVATE KEY-----\\n").endsWith("-----END PRIVATE KEY-----\\n\"");
        Map<String, String> vars = EnvFile.parse(lines, "generated");
        QiuthCredentials client = QiuthCredentials.fromEnvironment(vars);
        assertThat(client.hasTotp() && client.hasHmac() && client.hasPrivateKey()).isTrue();
        KeyPolicy server = EnvironmentConfig.from(vars).policy().orElseThrow();
        assertThat(server.keyHash()).isEqualTo(ApiKeyHash.of(vars.get("QIUTH_API_KEY")));
    }

    @Test
    void allAsJsonNestsLikeTheNodeCli() {
        Cli.Run r = Cli.run("generate", "all", "--format", "json", "--hash");

        assertThat(r.out()).contains("\"totp\": {\n    \"secret\": ", "\"hmac\": {\n    \"secret\": ",
                "\"certificate\": {\n    \"publicKey\": ", "\"hashedApiKey\": ");
    }

    @Test
    void textNamesEachSecret() {
        Cli.Run r = Cli.run("generate", "api-key", "--hash");

        assertThat(r.out()).contains("API key:", "SHA-256:", "not shown again");
    }

    @Test
    void outputWritesClientAndServerFilesReadableByTheOwnerOnly() throws Exception {
        Path out = dir.resolve("credentials");

        Cli.Run r = Cli.run("generate", "all", "--output", out.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).containsExactly(out.resolve("qiuth-private.pem").toString(), out.resolve("qiuth-public.pem").toString(),
                out.resolve("qiuth.env").toString(), out.resolve("qiuth-server.env").toString());
        assertThat(r.out()).doesNotContain("BEGIN");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("qiuth.env")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("qiuth-private.pem")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("qiuth-public.pem")))).isEqualTo("rw-r--r--");
        QiuthCredentials client = QiuthCredentials.fromEnvFile(out.resolve("qiuth.env"));
        assertThat(client.hasPrivateKey() && client.hasHmac() && client.hasTotp()).isTrue();
        Map<String, String> serverVars = EnvFile.read(out.resolve("qiuth-server.env"));
        assertThat(serverVars).doesNotContainKey("QIUTH_API_KEY").containsKey("QIUTH_HASHED_API_KEY");
        assertThat(EnvironmentConfig.from(serverVars).policy()).isPresent();
    }

    @Test
    void existingFilesAreNeverOverwritten() throws Exception {
        Files.writeString(dir.resolve("qiuth.env"), "keep me");

        Cli.Run r = Cli.run("generate", "api-key", "--output", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("already exists");
        assertThat(Files.readString(dir.resolve("qiuth.env"))).isEqualTo("keep me");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(Cli.run("generate", "password").code()).isEqualTo(2);
        assertThat(Cli.run("generate", "password").err()).contains("KIND must be one of api-key, totp, keypair, hmac-secret, all");
        assertThat(Cli.run("generate", "api-key", "--length", "8").err()).contains("--length for api-key must be 16 to 256 bytes");
        assertThat(Cli.run("generate", "keypair", "--modulus", "1024").err()).contains("--modulus must be 2048, 3072 or 4096");
        assertThat(Cli.run("generate", "api-key", "--prefix", "a b").code()).isEqualTo(2);
        assertThat(Cli.run("generate", "api-key", "--format", "yaml").code()).isEqualTo(2);
    }
}
