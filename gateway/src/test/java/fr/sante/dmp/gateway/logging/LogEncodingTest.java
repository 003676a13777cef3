package fr.sante.dmp.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import fr.sante.dmp.dev.EmbeddedMail;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The gateway's own logback.xml (the test class path has no other) writes one line per event whatever a value from
 * outside holds: the forged line injected through an operator token's {@code sub} cannot happen again; and the
 * embedded mail server names no recipient.
 */
class LogEncodingTest {
    private static final String FORGED = "admin\n12:00:00.000 INFO  [main] f.s.d.g.Platform - operator=\"root\" signed in";

    private static String layout(ILoggingEvent event) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ConsoleAppender<ILoggingEvent> stderr =
                (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        byte[] line = ((LayoutWrappingEncoder<ILoggingEvent>) stderr.getEncoder()).encode(event);
        return new String(line, StandardCharsets.UTF_8);
    }

    private static LoggingEvent event(String message, Object... args) {
        Logger logger = (Logger) LoggerFactory.getLogger("fr.sante.dmp.gateway.operator.OperatorPages");
        return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, args);
    }

    @Test
    void aFieldWithALineBreakStaysOnOneLineAndCannotCloseItsQuotes() {
        LoggingEvent e = event("operator signed in to the operators' pages");
        e.addKeyValuePair(new KeyValuePair("operator", FORGED + "\" role=\"admin"));

        String out = layout(e);

        assertThat(out.lines()).hasSize(1);
        assertThat(out).contains("operator=\"admin\\n12:00:00.000").contains("\\\" role=\\\"admin\"")
                .doesNotContain(" role=\"admin");
    }

    @Test
    void aMessageArgumentWithLineBreaksOrControlCharactersStaysOnOneLine() {
        String out = layout(event("operator {} signed in", FORGED + "\r\u2028\u0007\u001b[31m"));

        assertThat(out.lines()).hasSize(1);
        assertThat(out).contains("admin\\n12:00").contains("\\r\\u2028\\u0007\\u001b[31m");
    }

    @Test
    void anExceptionMessageQuotingARequestStaysOnItsLine() {
        LoggingEvent e = event("unexpected failure");
        e.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(
                new IllegalArgumentException("bad path /x\n12:00:00.000 ERROR forged")));

        String out = layout(e);

        assertThat(out.lines().filter(l -> l.contains("forged"))).hasSize(1)
                .allMatch(l -> l.startsWith("java.lang.IllegalArgumentException: bad path /x\\n12:00"));
        assertThat(out.lines().filter(l -> l.startsWith("12:00:00.000"))).isEmpty();
    }

    @Test
    void theEmbeddedMailServerLogsNoRecipientAddress() {
        String address = "camille.martin." + System.nanoTime() + "@example.org";
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try (EmbeddedMail mail = EmbeddedMail.start(0)) {
            GreenMailUtil.sendTextEmail(address, "dmp@example.org", "code", "123456",
                    new ServerSetup(mail.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            assertThat(mail.received()).hasSize(1); // the mail did go through the server
        } finally {
            root.detachAppender(captured);
        }
        assertThat(captured.list).noneMatch(e -> layout(e).contains(address)
                || String.valueOf(e.getFormattedMessage()).contains(address));
    }
}
