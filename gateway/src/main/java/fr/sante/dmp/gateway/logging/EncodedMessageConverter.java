package fr.sante.dmp.gateway.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %emsg}: the formatted message with every character from outside encoded ({@link LogText}). */
public final class EncodedMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.encode(event.getFormattedMessage());
    }
}
