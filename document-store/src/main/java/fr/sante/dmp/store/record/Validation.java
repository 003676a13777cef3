package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/** Checks of what callers pass in, each failure naming its field (→ 400). */
final class Validation {
    static final int MAX_TITLE = 500;
    static final int MAX_CONTENT_BYTES = 20 * 1024 * 1024;
    private static final Pattern CONTENT_TYPE = Pattern.compile("^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*"
            + "(\\s*;.*)?$", Pattern.CASE_INSENSITIVE);

    private Validation() {
    }

    static void person(String operator, PersonRegistration p) {
        require(operator != null && !operator.isBlank(), "operator", "is required");
        require(p != null, "person", "is required");
        require(p.birthDate() != null, "birthDate", "is required");
        require(!p.birthDate().isAfter(LocalDate.now().plusDays(1)), "birthDate", "must not be in the future");
        require(p.givenName() != null && !p.givenName().isBlank(), "givenName", "is required");
        require(p.familyName() != null && !p.familyName().isBlank(), "familyName", "is required");
        require(p.sex() != null && !p.sex().isBlank(), "sex", "is required");
        require(p.phone() != null && p.email() != null, "contact", "phone and email must be given or empty");
        require(p.initialState() == RecordState.INVITED || p.initialState() == RecordState.ACTIVE, "state",
                "must be INVITED or ACTIVE");
    }

    static void document(NewDocument d) {
        require(d != null, "document", "is required");
        require(d.documentClass() != null, "classCode", "is required");
        require(d.title() != null && !d.title().isBlank(), "title", "is required");
        require(d.title().length() <= MAX_TITLE, "title", "must be at most " + MAX_TITLE + " characters");
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
