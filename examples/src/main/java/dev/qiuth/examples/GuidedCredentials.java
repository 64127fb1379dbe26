package dev.qiuth.examples;

import dev.qiuth.KeyPolicy;
import dev.qiuth.generate.CredentialGenerator;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;

/**
 * Throwaway credentials for the guided demo, new on every start: one API key per level, one TOTP
 * secret, one HMAC secret and one RSA key pair. {@link #toString()} shows none of them.
 *
 * <pre>{@code
 * GuidedCredentials creds = GuidedCredentials.generate(new CredentialGenerator());
 * KeyPolicy full = creds.policy(GuidedLevel.FULL);
 * }</pre>
 */
record GuidedCredentials(Map<GuidedLevel, String> apiKeys, String totpSecret, String hmacSecret,
        CredentialGenerator.PemKeyPair rsa) {
    private static final String[] LOOPBACK = {"127.0.0.1", "::1"};

    GuidedCredentials {
        apiKeys = Map.copyOf(apiKeys);
    }

    static GuidedCredentials generate(CredentialGenerator gen) {
        Map<GuidedLevel, String> keys = new EnumMap<>(GuidedLevel.class);
        for (GuidedLevel level : GuidedLevel.values()) {
            keys.put(level, gen.apiKey("demo_" + level.id().replace("with-", "") + "_"));
        }
        return new GuidedCredentials(keys, gen.totpSecret(), gen.hmacSecret(), gen.rsaKeyPair(2048));
    }

    String apiKey(GuidedLevel level) {
        return apiKeys.get(level);
    }

    /** The policy that guards one level: its own key, and that level's factors. */
    KeyPolicy policy(GuidedLevel level) {
        KeyPolicy.Builder b = KeyPolicy.builder().id(level.id()).name(level.description()).owner("qiuth-demo")
                .apiKey(apiKey(level));
        switch (level) {
            case WITH_IP -> b.ipAllowlist(LOOPBACK);
            case WITH_TOTP -> b.totp(totpSecret);
            case FULL -> b.ipAllowlist(LOOPBACK).totp(totpSecret).certificate(rsa.publicKeyPem()).hmac(hmacSecret);
            default -> { }
        }
        return b.build();
    }

    /**
     * Writes the private key to a new owner-only file in a new temporary directory, so that the
     * console shows a path rather than a PEM.
     */
    Path writePrivateKey() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = posix ? Files.createTempDirectory("qiuth-demo-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))) : Files.createTempDirectory("qiuth-demo-");
        Path file = dir.resolve("full-private-key.pem");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, rsa.privateKeyPem());
        return file;
    }

    @Override
    public String toString() {
        return "GuidedCredentials[" + apiKeys.size() + " keys, secrets redacted]";
    }
}
