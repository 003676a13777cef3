package fr.sante.dmp.store;

import java.util.regex.Pattern;

/**
 * What the store accepts as text from people, checked once where each rule lives (registration, document titles,
 * reasons, directives, medical profile) so that every path (patient pages and API, professional and admin API) gets it.
 * NUL and other control characters are refused (PostgreSQL refuses NUL in text, so a NUL became a 503; others hide
 * text from readers); so are lone surrogates (half a character, which the database silently stored as {@code ?}).
 * Multi-line fields keep line feeds, carriage returns and tabs.
 */
public final class Text {

    /** E.164: {@code +}, a country code not starting with 0, at most 15 digits in all. */
    public static final String E164_PATTERN = "^\\+[1-9][0-9]{7,14}$";
    /** The longest e-mail address kept, in characters. */
    public static final int EMAIL_MAX = 254;
    private static final Pattern E164 = Pattern.compile(E164_PATTERN);
    /**
     * A plain mailbox (dot-atom local part, host names), the rule of the invitation cohorts too: no spaces or control
     * characters (CRLF was accepted at registration and failed when sending).
     */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

    private Text() {
    }

    /** One-line text (a name, a title): refused with the field named if it holds any control character or half a character. */
    public static void line(String field, String value) {
        check(field, value, false);
    }

    /** Free text that may span lines: line breaks and tabs allowed, other control characters and half characters refused. */
    public static void lines(String field, String value) {
        check(field, value, true);
    }

    /** An E.164 phone number such as {@code +33612345678}. */
    public static void phone(String field, String value) {
        if (value == null || !E164.matcher(value).matches()) {
            throw new RecordException.Invalid(field, "must be an E.164 number such as +33612345678");
        }
    }

    /** An e-mail address of at most 254 characters, on one line. */
    public static void email(String field, String value) {
        if (!isEmail(value)) {
            throw new RecordException.Invalid(field, "must be an e-mail address such as name@example.fr, on one line");
        }
    }

    /** Whether this is an e-mail address as the store keeps them (at most 254 characters, local part at most 64). */
    public static boolean isEmail(String value) {
        return value != null && value.length() <= EMAIL_MAX && value.indexOf('@') <= 64 && EMAIL.matcher(value).matches();
    }

    private static void check(String field, String value, boolean multiline) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new RecordException.Invalid(field, "must be valid Unicode text (a lone surrogate was sent)");
            }
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                throw new RecordException.Invalid(field, c == 0 ? "must not contain NUL characters"
                        : "must not contain control characters" + (multiline ? " other than line breaks" : ""));
            }
        }
    }
}
