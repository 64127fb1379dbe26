package dev.qiuth.examples.quarkus;

import dev.qiuth.examples.logging.BatchingConsoleHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * The audit lines (logger {@code dev.qiuth.audit}, one per decision) written to standard output in
 * batches by one thread, as the other examples' logback appender does: a request thread then
 * neither wakes a writer nor makes a system call per line, which Quarkus' console (async or not)
 * does. Installed at start, unless {@code example.audit.batched} is false (the tests, whose
 * console shows warnings only); closed at shutdown, writing out what is left. No line is dropped.
 */
@ApplicationScoped
public class AuditLogBatching {
    /** The console's format, Quarkus' default unless set, so the audit lines look like every other line. */
    @ConfigProperty(name = "quarkus.log.console.format", defaultValue = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n")
    String format;

    @ConfigProperty(name = "example.audit.batched", defaultValue = "true")
    boolean batched;

    private Logger audit; // held: the log manager keeps loggers only weakly
    private BatchingConsoleHandler handler;

    void install(@Observes StartupEvent started) {
        if (!batched) {
            return;
        }
        handler = new BatchingConsoleHandler("audit", 65_536, 20);
        handler.setFormatter(new PatternFormatter(format));
        audit = Logger.getLogger("dev.qiuth.audit");
        audit.addHandler(handler);
        audit.setUseParentHandlers(false);
    }

    void close(@Observes ShutdownEvent stopping) {
        if (handler != null) {
            audit.setUseParentHandlers(true);
            audit.removeHandler(handler);
            handler.close();
        }
    }
}
