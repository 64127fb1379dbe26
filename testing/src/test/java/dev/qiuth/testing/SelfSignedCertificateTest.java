package dev.qiuth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {
    @TempDir
    Path dir;

    @Test
    void theCertificateNamesTheSubjectAndItsAlternativeNameAndTheKeyIsPkcs8Pem() throws Exception {
        SelfSignedCertificate pair = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(pair.certificate())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1")); // 7: iPAddress
        cert.verify(cert.getPublicKey()); // self-signed
        assertThat(Files.readString(pair.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
    }
}
