package fr.sante.dmp.pwa.web;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Rpps;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Parsing of what a person types, into domain values or a field error. INS may be typed with spaces; dates come
 * from {@code <input type="date">} (ISO) or {@code DD/MM/YYYY}.
 */
public final class Inputs {
    private Inputs() {
    }

    public static Optional<Ins> ins(String raw, FormErrors errors) {
        if (raw == null || raw.isBlank()) {
            errors.add("ins", "error.ins.required");
            return Optional.empty();
        }
        if (raw.length() > MAX_INS_TYPED) {
            errors.add("ins", "error.ins.invalid");
            return Optional.empty();
        }
        try {
            return Optional.of(Ins.parse(raw.replaceAll("[\\s.-]", "")));
        } catch (InvalidIdentifierException e) {
            errors.add("ins", "error.ins.invalid");
            return Optional.empty();
        }
    }

    public static Optional<LocalDate> birthDate(String raw, FormErrors errors) {
        if (raw == null || raw.isBlank()) {
            errors.add("birthDate", "error.birthDate.required");
            return Optional.empty();
        }
        String v = raw.trim();
        if (v.length() > MAX_DATE_TYPED) {
            errors.add("birthDate", "error.birthDate.invalid");
            return Optional.empty();
        }
        try {
            LocalDate d;
            if (v.matches("\\d{2}/\\d{2}/\\d{4}")) {
                d = LocalDate.of(Integer.parseInt(v.substring(6)), Integer.parseInt(v.substring(3, 5)),
                        Integer.parseInt(v.substring(0, 2)));
            } else {
                d = LocalDate.parse(v);
            }
            if (d.getYear() < 1880 || d.isAfter(LocalDate.now().plusDays(1))) {
                errors.add("birthDate", "error.birthDate.invalid");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            errors.add("birthDate", "error.birthDate.invalid");
            return Optional.empty();
        }
    }

    /** Six digits, spaces ignored. */
    public static Optional<String> code(String raw, String field, FormErrors errors) {
        String v = raw == null ? "" : raw.replaceAll("\\s", "");
        if (!v.matches("\\d{6}")) {
            errors.add(field, v.isEmpty() ? "error.code.required" : "error.code.format");
            return Optional.empty();
        }
        return Optional.of(v);
    }

    public static Optional<Rpps> rpps(String raw, FormErrors errors) {
        return rpps(raw, "rpps", errors);
    }

    /** An RPPS typed into the field {@code field} (spaces ignored). */
    public static Optional<Rpps> rpps(String raw, String field, FormErrors errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(field, "error.rpps.required");
            return Optional.empty();
        }
        try {
            return Optional.of(Rpps.parse(raw.replaceAll("\\s", "")));
        } catch (InvalidIdentifierException e) {
            errors.add(field, "error.rpps.invalid");
            return Optional.empty();
        }
    }

    /** Free text with a length limit; blank becomes empty. */
    public static String text(String raw, int max, String field, FormErrors errors) {
        return text(raw, max, field, errors, "error.text.tooLong");
    }

    /**
     * Free text of at most {@code max} characters (UTF-16 units, as the browser's maxlength counts them); past it the
     * field's error {@code tooLongKey} (which states the limit) and the text cut, for the form to show again.
     */
    public static String text(String raw, int max, String field, FormErrors errors, String tooLongKey) {
        String v = raw == null ? "" : raw.strip();
        if (v.length() > max) {
            errors.add(field, tooLongKey);
            return v.substring(0, Character.isHighSurrogate(v.charAt(max - 1)) ? max - 1 : max);
        }
        return v;
    }

    /** Longer than any way of typing an INS (15 digits with spaces, dots or dashes): refused before any parsing. */
    static final int MAX_INS_TYPED = 30;
    /** Longer than any date format accepted. */
    static final int MAX_DATE_TYPED = 10;
}
