package fr.sante.dmp.store.record;

import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.Text;
import java.time.LocalDate;
import java.util.regex.Pattern;

/** Checks of what callers pass in against {@link FieldLimits}, each failure naming its field (→ 400). */
final class Validation {
    /** Nobody alive was born before; year 1 (0001-01-01) was accepted and is a placeholder, not a birth date. */
    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
    private static final int MAX_NAME = FieldLimits.NAME_MAX;
    private static final int MAX_TITLE = FieldLimits.TITLE_MAX;
    private static final Pattern CONTENT_TYPE = Pattern.compile(FieldLimits.CONTENT_TYPE_PATTERN);

    private Validation() {
    }

    /**
     * {@code today} is the store's clock's date: a birth date up to a day ahead passes, for a person born today in a
     * time zone already on the next day.
     */
    static void person(String operator, PersonRegistration p, LocalDate today) {
        require(operator != null && !operator.isBlank(), "operator", "is required");
        require(p != null, "person", "is required");
        require(p.birthDate() != null, "birthDate", "is required");
        require(!p.birthDate().isAfter(today.plusDays(1)), "birthDate", "must not be in the future");
        require(!p.birthDate().isBefore(EARLIEST_BIRTH), "birthDate", "must be on or after " + EARLIEST_BIRTH);
        require(p.givenName() != null && !p.givenName().isBlank(), "givenName", "is required");
        require(p.givenName().length() <= MAX_NAME, "givenName", "must be at most " + MAX_NAME + " characters");
        Text.line("givenName", p.givenName());
        require(p.familyName() != null && !p.familyName().isBlank(), "familyName", "is required");
        require(p.familyName().length() <= MAX_NAME, "familyName", "must be at most " + MAX_NAME + " characters");
        Text.line("familyName", p.familyName());
        require(p.sex() != null && !p.sex().isBlank(), "sex", "is required");
        require(FieldLimits.SEXES.contains(p.sex()), "sex", "must be one of " + FieldLimits.SEXES);
        require(p.phone() != null && p.email() != null, "contact", "phone and email must be given or empty");
        p.phone().ifPresent(phone -> Text.phone("phone", phone));
        p.email().ifPresent(email -> Text.email("email", email));
        require(FieldLimits.INITIAL_STATES.contains(p.initialState()), "state", "must be one of "
                + FieldLimits.INITIAL_STATES);
    }

    static void document(NewDocument d) {
        require(d != null, "document", "is required");
        require(d.documentClass() != null, "classCode", "is required");
        require(d.title() != null && !d.title().isBlank(), "title", "is required");
        require(d.title().length() <= MAX_TITLE, "title", "must be at most " + MAX_TITLE + " characters");
        Text.line("title", d.title());
        require(d.contentType() != null && d.contentType().length() >= FieldLimits.CONTENT_TYPE_MIN
                && d.contentType().length() <= FieldLimits.CONTENT_TYPE_MAX
                && CONTENT_TYPE.matcher(d.contentType()).matches(), "contentType",
                "must be a media type such as application/pdf, without parameters, of at most "
                        + FieldLimits.CONTENT_TYPE_MAX + " characters");
        require(d.content() != null && d.content().length > 0, "content", "must not be empty");
        require(d.content().length <= FieldLimits.CONTENT_MAX_BYTES, "content", "must be at most "
                + FieldLimits.CONTENT_MAX_BYTES / (1024 * 1024) + " MiB");
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new RecordException.Invalid(field, message);
        }
    }
}
