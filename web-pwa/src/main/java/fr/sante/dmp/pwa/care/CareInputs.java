package fr.sante.dmp.pwa.care;

import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Page;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the patient types (pages) or sends (API) about care relationships, checked before the store is called: a
 * client's mistake is a field error, never a store round trip. The store checks the same bounds again.
 */
public final class CareInputs {
    private CareInputs() {
    }

    /** A patient's grant lasts 1 to 365 days (the store's bound). */
    public static final int MAX_DAYS = 365;
    private static final Pattern API_RPPS = Pattern.compile("8?[0-9]{11}");
    private static final Pattern FORM_DAYS = Pattern.compile("[0-9]{1,4}");
    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /** A number of days typed in a form. */
    public static Optional<Integer> days(String raw, String field, FormErrors errors) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            errors.add(field, "error.days.required");
            return Optional.empty();
        }
        return FORM_DAYS.matcher(v).matches() ? days(Integer.parseInt(v), field, errors) : none(field, errors);
    }

    /** A JSON value for days: an integer (30, or 30.0 as JSON Schema counts it) from 1 to 365. */
    public static Optional<Integer> days(Object json, String field, FormErrors errors) {
        if (json == null) {
            errors.add(field, "error.days.required");
            return Optional.empty();
        }
        if (!(json instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || Math.abs(n.doubleValue()) > MAX_DAYS) {
            return none(field, errors);
        }
        return days(n.intValue(), field, errors);
    }

    private static Optional<Integer> days(int days, String field, FormErrors errors) {
        return days < 1 || days > MAX_DAYS ? none(field, errors) : Optional.of(days);
    }

    private static Optional<Integer> none(String field, FormErrors errors) {
        errors.add(field, "error.days.range");
        return Optional.empty();
    }

    /**
     * The last day of an express consent: an ISO date ({@code yyyy-mm-dd}, what {@code <input type=date>} sends)
     * from today to one year ahead, in France (L1111-17 IV consent is given for a time the patient chooses).
     */
    public static Optional<LocalDate> until(String raw, String field, Clock clock, FormErrors errors) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            errors.add(field, "error.until.required");
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = ISO_DATE.matcher(v).matches() ? LocalDate.parse(v) : null;
        } catch (DateTimeException e) {
            date = null;
        }
        if (date == null) {
            errors.add(field, "error.until.invalid");
            return Optional.empty();
        }
        LocalDate today = LocalDate.now(clock.withZone(Page.ZONE));
        if (date.isBefore(today) || date.isAfter(today.plusYears(1))) {
            errors.add(field, "error.until.range");
            return Optional.empty();
        }
        return Optional.of(date);
    }

    /** An RPPS as the API takes it: 11 digits ending with the Luhn key, or 12 with the national prefix 8. */
    public static Optional<Rpps> apiRpps(Object json, String field, FormErrors errors) {
        if (json == null) {
            errors.add(field, "error.rpps.required");
            return Optional.empty();
        }
        if (json instanceof String s && API_RPPS.matcher(s).matches()) {
            try {
                return Optional.of(Rpps.parse(s));
            } catch (InvalidIdentifierException e) {
                // the check digit: below
            }
        }
        errors.add(field, "error.rpps.invalid");
        return Optional.empty();
    }
}
