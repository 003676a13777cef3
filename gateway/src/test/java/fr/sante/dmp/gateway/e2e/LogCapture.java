package fr.sante.dmp.gateway.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The log events of one logger during a test (logback's list appender): alerts are part of the behaviour. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    /** Events carrying {@code alert=<name>}. */
    List<ILoggingEvent> alerts(String name) {
        return List.copyOf(appender.list).stream()
                .filter(e -> e.getKeyValuePairs() != null && e.getKeyValuePairs().stream()
                        .anyMatch(kv -> "alert".equals(kv.key) && Objects.equals(name, kv.value)))
                .toList();
    }

    /** The event as one line: message and key-value pairs (to check that it names nobody). */
    static String line(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair kv : e.getKeyValuePairs()) {
                b.append(' ').append(kv.key).append('=').append(kv.value);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
