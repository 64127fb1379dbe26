package dev.qiuth.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * A logback appender feeding {@link LogCapture#ofRun()}: put it on the root logger of a module's
 * {@code logback-test.xml} to keep every event of the test run.
 *
 * <pre>{@code
 * <appender name="CAPTURE" class="dev.qiuth.testing.CaptureAppender"/>
 * <root level="INFO"><appender-ref ref="CAPTURE"/></root>
 * }</pre>
 */
public final class CaptureAppender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent e) {
        LogCapture.ofRun().add(LogbackEvents.of(e));
    }
}
