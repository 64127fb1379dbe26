package dev.qiuth.examples.quarkus;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The key the tests call with, given as the QIUTH_* variables would give it. */
public class ExampleKeyProfile implements QuarkusTestProfile {
    static final String API_KEY = "ex_test_Hq2Wz7Lk4Vb9Nm1Xc6Rt3Yp8Jd5Gf0Sa2Ue7Io4Kl9";
    static final String HMAC_SECRET = "3b9e1d7a5c2f8e0b4d6a9c1e3f5b7d9a0c2e4f6b8d1a3c5e7f9b2d4a6c8e0f1b";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qiuth.api-key", API_KEY, "qiuth.hmac-secret", HMAC_SECRET);
    }
}
