package fr.sante.dmp.notify.letter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A French postal address as a window envelope shows it (AFNOR NF Z10-011, La Poste's rule): at most 6 lines of at
 * most 38 characters, the addressee first, the last line "postcode town". Personal data: never log it.
 * The one place of this rule: the cohort import and the outbox both validate with it.
 */
public record PostalAddress(List<String> lines) {
    public static final int MAX_LINES = 6;
    public static final int MAX_LINE = 38;
    /** Five digits (metropolitan and overseas départements alike), a space, the town or CEDEX line. */
    private static final Pattern LAST_LINE = Pattern.compile("^[0-9]{5} \\S.*$");

    public PostalAddress {
        lines = List.copyOf(lines);
        if (lines.size() < 2 || lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("postalAddress: 2 to " + MAX_LINES + " lines (addressee first)");
        }
        for (String l : lines) {
            if (l.isBlank() || l.length() > MAX_LINE) {
                throw new IllegalArgumentException("postalAddress: every line 1 to " + MAX_LINE + " characters");
            }
            if (l.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("postalAddress: control characters");
            }
        }
        if (!LAST_LINE.matcher(lines.get(lines.size() - 1)).matches()) {
            throw new IllegalArgumentException("postalAddress: the last line must be a 5-digit postcode and the town");
        }
    }

    /** The outbox's recipient form: lines joined by a line feed. */
    public static PostalAddress parse(String recipient) {
        return new PostalAddress(List.of(recipient.split("\n", -1)));
    }

    /**
     * The addressee's name on the first line (upper case, as La Poste asks, cut to a line) above the lines of a
     * cohort file's {@code postalAddress} field, which separates them with {@code |} (a CSV line holds no newline).
     */
    public static PostalAddress of(String givenName, String familyName, String cohortField) {
        List<String> out = new ArrayList<>();
        String name = (givenName.trim() + " " + familyName.trim()).toUpperCase(java.util.Locale.ROOT);
        out.add(name.length() > MAX_LINE ? name.substring(0, MAX_LINE) : name);
        for (String l : cohortField.split("\\|", -1)) {
            out.add(l.trim().replaceAll("\\s+", " "));
        }
        return new PostalAddress(out);
    }

    /** Only the address, without the addressee (the cohort field's own check). */
    public static void checkCohortField(String cohortField) {
        of("A", "B", cohortField);
    }

    public String recipient() {
        return String.join("\n", lines);
    }

    @Override
    public String toString() {
        return "PostalAddress[" + lines.size() + " lines]";
    }
}
