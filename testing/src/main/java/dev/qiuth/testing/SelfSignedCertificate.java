package dev.qiuth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed EC certificate and its private key as PEM files, made by the JDK's own
 * {@code keytool} for one test run: what a TLS server under test (redis-server's
 * {@code tls-cert-file}/{@code tls-key-file}) serves and what its client is told to trust. Valid
 * for two days; nothing to install.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.create(tempDir, "127.0.0.1", "ip:127.0.0.1");
 * redis = start("tls-port " + port, "tls-cert-file " + cert.certificate(), "tls-key-file " + cert.privateKey(), ...);
 * config = RedisStateConfig.builder("rediss://127.0.0.1:" + port).trustedCertificates(cert.certificate()).build();
 * }</pre>
 *
 * @param certificate the certificate, PEM ({@code CERTIFICATE})
 * @param privateKey  its unencrypted PKCS#8 key, PEM ({@code PRIVATE KEY})
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {
    private static final String STORE_PASSWORD = "changeit"; // a throwaway store, deleted with the directory

    /**
     * Makes the pair in {@code dir} (files named after {@code commonName}).
     *
     * @param commonName       the subject's CN, e.g. {@code 127.0.0.1}
     * @param subjectAltName   keytool's SAN value, e.g. {@code ip:127.0.0.1} or {@code dns:redis.invalid}:
     *                         what hostname verification compares with the host a client dialled
     * @throws IllegalStateException when keytool fails or does not finish within a minute
     */
    public static SelfSignedCertificate create(Path dir, String commonName, String subjectAltName) {
        String name = commonName.replaceAll("[^A-Za-z0-9.-]", "_");
        Path keystore = dir.resolve(name + ".p12");
        try {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAltName, "-validity", "2",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                    .redirectErrorStream(true).start();
            keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                keytool.destroyForcibly();
                throw new IllegalStateException("keytool could not make a certificate for CN=" + commonName);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, STORE_PASSWORD.toCharArray());
            }
            Path certificate = dir.resolve(name + "-cert.pem");
            Path key = dir.resolve(name + "-key.pem");
            Files.writeString(certificate, pem("CERTIFICATE", ks.getCertificate("server").getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", ks.getKey("server", STORE_PASSWORD.toCharArray()).getEncoded()));
            return new SelfSignedCertificate(certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool's keystore does not load: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
