package fr.sante.dmp.notify.template;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import fr.sante.dmp.notify.outbox.Language;

/**
 * The only kinds of values a template accepts. There is no free-text type: a parameter cannot carry a document title,
 * a diagnosis or a name, so no health information can reach an SMS or an e-mail through a template.
 */
enum ParamType {
    /** ISO date {@code 2027-03-15}, shown 15/03/2027 (fr) or 15 March 2027 (en). */
    DATE,
    /** ISO instant or offset date-time, shown in Europe/Paris time. */
    DATETIME,
    /** An https URL without spaces (plain http only on localhost: {@link PublicLinks}). */
    URL,
    /** An invitation code or an opposition receipt's verification code: 6 to 24 letters, digits or dashes. */
    CODE,
    /** A one-time password: exactly 6 digits. */
    OTP;

    private static final Pattern URL_SYNTAX = Pattern.compile("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/?#&=+-]*)?$");
    private static final Pattern CODE_SYNTAX = Pattern.compile("^[A-Za-z0-9-]{6,24}$");
    private static final Pattern OTP_SYNTAX = Pattern.compile("^[0-9]{6}$");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter FR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter FR_DATETIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm");
    private static final DateTimeFormatter EN_DATETIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.ENGLISH);

    static ParamType parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Checks the raw value; the message names the parameter but never echoes the value. */
    void check(String param, String value) {
        boolean ok = switch (this) {
            case DATE -> parses(() -> LocalDate.parse(value));
            case DATETIME -> parses(() -> instant(value));
            case URL -> (URL_SYNTAX.matcher(value).matches() || PublicLinks.localHttp(value) && !value.contains(" "))
                    && value.length() <= 200;
            case CODE -> CODE_SYNTAX.matcher(value).matches();
            case OTP -> OTP_SYNTAX.matcher(value).matches();
        };
        if (!ok) {
            throw new IllegalArgumentException("params." + param + ": not a valid " + name().toLowerCase(Locale.ROOT));
        }
    }

    String display(String value, Language language) {
        return switch (this) {
            case DATE -> LocalDate.parse(value).format(language == Language.fr ? FR_DATE : EN_DATE);
            case DATETIME -> instant(value).atZone(PARIS).format(language == Language.fr ? FR_DATETIME : EN_DATETIME);
            case URL, CODE, OTP -> value;
        };
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }

    private static boolean parses(Runnable r) {
        try {
            r.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
