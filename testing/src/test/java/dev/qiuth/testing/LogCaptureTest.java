package dev.qiuth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogCaptureTest {
    private static final Logger QIUTH = LoggerFactory.getLogger("dev.qiuth.testing.sample");
    private static final Logger OTHER = LoggerFactory.getLogger("org.example.library");

    @Test
    void keepsLoggerLevelMessageArgumentsAndTheWholeStackTrace() {
        String marker = UUID.randomUUID().toString();
        try (LogCapture logs = LogCapture.start()) {
            OTHER.warn("lookup {} failed", marker, new IllegalStateException("outer " + marker,
                    new IllegalArgumentException("inner cause")));

            assertThat(logs.events()).singleElement().satisfies(e -> {
                assertThat(e.logger()).isEqualTo("org.example.library");
                assertThat(e.level()).isEqualTo("WARN");
                assertThat(e.message()).isEqualTo("lookup " + marker + " failed");
                assertThat(e.text()).startsWith("org.example.library WARN lookup " + marker + " failed args=[" + marker)
                        .contains("java.lang.IllegalStateException: outer " + marker)
                        .contains("Caused by: java.lang.IllegalArgumentException: inner cause")
                        .contains("\tat dev.qiuth.testing.LogCaptureTest");
            });
        }
    }

    @Test
    void opensTheQiuthLoggersAtEveryLevelWhileOpenOnly() {
        try (LogCapture logs = LogCapture.start()) {
            QIUTH.debug("debug line while open");
            OTHER.debug("a library's debug line");

            assertThat(logs.lines()).singleElement().asString().contains("DEBUG debug line while open");
        }
        assertThat(QIUTH.isDebugEnabled()).as("level restored").isFalse();
        assertThat(QIUTH.isWarnEnabled()).isTrue();
    }

    @Test
    void capturesJavaUtilLoggingToo() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.qiuth.client.sample");
        try (LogCapture logs = LogCapture.start()) {
            jul.log(java.util.logging.Level.FINE, "retry {0} of {1}", new Object[] {1, 3});

            assertThat(logs.events()).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo("FINE");
                assertThat(e.message()).isEqualTo("retry 1 of 3");
                assertThat(e.text()).isEqualTo("dev.qiuth.client.sample FINE retry 1 of 3 args=[1, 3]");
            });
        }
        assertThat(jul.isLoggable(java.util.logging.Level.FINE)).as("level restored").isFalse();
    }

    @Test
    void aClosedCaptureSeesNothingMore() {
        LogCapture logs = LogCapture.start();
        OTHER.info("while open");
        logs.close();
        OTHER.info("after close");

        assertThat(logs.text()).contains("while open").doesNotContain("after close");
    }

    @Test
    void linesContainingComparesCaseInsensitively() {
        try (LogCapture logs = LogCapture.start()) {
            OTHER.info("key sk_TEST_Abc loaded");
            OTHER.info("nothing here");

            assertThat(logs.linesContaining(List.of("SK_test_abc", "absent"))).singleElement().asString()
                    .contains("sk_TEST_Abc");
            assertThat(logs.linesContaining(List.of("absent"))).isEmpty();
        }
    }

    @Test
    void theRunCaptureSeesEveryEventFromLogbackTestXml() {
        String marker = UUID.randomUUID().toString();
        OTHER.info("run marker {}", marker);

        assertThat(LogCapture.ofRun().events()).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("org.example.library INFO run marker " + marker + " args=[" + marker + "]"));
        assertThat(LogCapture.ofRun().dropped()).isZero();
    }
}
