package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorCodeTest {

    /** PROTOCOL.md's outcome table. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "MISSING_API_KEY, 401", "INVALID_API_KEY, 401", "IP_NOT_ALLOWED, 403", "MISSING_TOTP_TOKEN, 401",
        "INVALID_TOTP_TOKEN, 401", "MISSING_SIGNATURE, 401", "INVALID_SIGNATURE, 401", "MISSING_HMAC, 401",
        "INVALID_HMAC, 401", "EXPIRED_TIMESTAMP, 401", "FUTURE_TIMESTAMP, 401", "REPLAYED_REQUEST, 401",
        "RATE_LIMITED, 429", "BODY_TOO_LARGE, 413", "UNAVAILABLE, 503", "UNAUTHORIZED, 401",
        "MALFORMED_REQUEST, 400",
    })
    void hasTheProtocolsStatus(ErrorCode code, int status) {
        assertThat(code.status()).isEqualTo(status);
    }

    @Test
    void typeIsAnUrnInKebabCase() {
        assertThat(ErrorCode.IP_NOT_ALLOWED.type()).isEqualTo("urn:qiuth:error:ip-not-allowed");
        assertThat(ErrorCode.MISSING_API_KEY.type()).isEqualTo("urn:qiuth:error:missing-api-key");
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void titleIsPlainTextSafeInJson(ErrorCode code) {
        assertThat(code.title()).isNotBlank().doesNotContain("\"", "\\").matches("[ -~]+");
    }
}
