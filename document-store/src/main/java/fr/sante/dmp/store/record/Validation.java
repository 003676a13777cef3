package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.Text;
import java.time.LocalDate;
import java.util.regex.Pattern;

/** Checks of what callers pass in, each failure naming its field (→ 400). */
final class Validation {
    static final int MAX_TITLE = 500;
    static final int MAX_CONTENT_BYTES = 20 * 1024 * 1024;
    /** Nobody alive was born before; year 1 (0001-01-01) was accepted and is a placeholder, not a birth date. */
    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
    static final int MAX_NAME = 100;
    private static final Pattern CONTENT_TYPE = Pattern.compile("^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*"
            + "(\\s*;.*)?$", Pattern.CASE_INSENSITIVE);

    private Validation() {
    }

    static void person(String operator, PersonRegistration p) {
        require(operator != null && !operator.isBlank(), "operator", "is required");
        require(p != null, "person", "is required");
        require(p.birthDate() != null, "birthDate", "is required");
        require(!p.birthDate().isAfter(LocalDate.now().plusDays(1)), "birthDate", "must not be in the future");
        require(!p.birthDate().isBefore(EARLIEST_BIRTH), "birthDate", "must be on or after " + EARLIEST_BIRTH);
        require(p.givenName() != null && !p.givenName().isBlank(), "givenName", "is required");
        require(p.givenName().length() <= MAX_NAME, "givenName", "must be at most " + MAX_NAME + " characters");
        Text.line("givenName", p.givenName());
        require(p.familyName() != null && !p.familyName().isBlank(), "familyName", "is required");
        require(p.familyName().length() <= MAX_NAME, "familyName", "must be at most " + MAX_NAME + " characters");
        Text.line("familyName", p.familyName());
        require(p.sex() != null && !p.sex().isBlank(), "sex", "is required");
        Text.line("sex", p.sex());
        require(p.phone() != null && p.email() != null, "contact", "phone and email must be given or empty");
        p.phone().ifPresent(phone -> Text.phone("phone", phone));
        p.email().ifPresent(email -> Text.email("email", email));
        require(p.initialState() == RecordState.INVITED || p.initialState() == RecordState.ACTIVE, "state",
                "must be INVITED or ACTIVE");
    }

    static void document(NewDocument d) {
        require(d != null, "document", "is required");
        require(d.documentClass() != null, "classCode", "is required");
        require(d.title() != null && !d.title().isBlank(), "title", "is required");
        require(d.title().length() <= MAX_TITLE, "title", "must be at most " + MAX_TITLE + " characters");
        Text.line("title", d.title());
        require(d.contentType() != null && CONTENT_TYPE.matcher(d.contentType()).matches(), "contentType",
                "must be a media type such as application/pdf");
        require(d.content() != null && d.content().length > 0, "content", "must not be empty");
        require(d.content().length <= MAX_CONTENT_BYTES, "content", "must be at most 20 MiB");
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new RecordException.Invalid(field, message);
        }
    }
}
