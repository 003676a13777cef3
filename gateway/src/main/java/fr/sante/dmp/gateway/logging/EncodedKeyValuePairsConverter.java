package fr.sante.dmp.gateway.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/** {@code %ekvp}: the event's fields as {@code key="value"}, keys and values encoded ({@link LogText}). */
public final class EncodedKeyValuePairsConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (KeyValuePair kv : pairs) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(LogText.encode(kv.key)).append("=\"").append(LogText.encode(String.valueOf(kv.value))).append('"');
        }
        return b.toString();
    }
}
