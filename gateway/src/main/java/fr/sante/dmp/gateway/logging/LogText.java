package fr.sante.dmp.gateway.logging;

/**
 * How a value from outside is written into a log line: control characters (CR and LF above all, which would start a
 * forged line), Unicode line separators, quotes and backslashes are escaped, so that one event is always one line and
 * a field's value can never close its quotes to add a field of its own. Applied by the log layout to every message,
 * field and exception message ({@code logback.xml}), whatever the call site.
 */
public final class LogText {

    private LogText() {
    }

    public static String encode(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escaped = escape(c);
            if (escaped != null) {
                if (b == null) {
                    b = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                b.append(escaped);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? value : b.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '"': return "\\\"";
            case '\\': return "\\\\";
            default:
                if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                    return String.format("\\u%04x", (int) c);
                }
                return null;
        }
    }
}
