package fr.sante.dmp.store.representation;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.store.RecordException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A link an operator asks for (admin API {@code POST /api/v1/admin/representations}), validated at birth: a person
 * never represents themself, the end is not before the start, and the justification is 1 to 2000 characters.
 */
public record NewRepresentation(Ins representative, Ins represented, RepresentationKind kind, LocalDate from,
                                Optional<LocalDate> until, String justification) {
    public static final int MAX_JUSTIFICATION = 2000;

    public NewRepresentation {
        Objects.requireNonNull(representative, "representative");
        Objects.requireNonNull(represented, "represented");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (representative.equals(represented)) {
            throw new RecordException.Invalid("represented", "a person cannot represent themself");
        }
        if (until.isPresent() && until.get().isBefore(from)) {
            throw new RecordException.Invalid("until", "must not be before from");
        }
        justification = justification(justification);
    }

    /** The operator's reason, checked as every free text the store keeps: present, bounded, no control character. */
    static String justification(String text) {
        if (text == null || text.isBlank()) {
            throw new RecordException.Invalid("justification", "is required");
        }
        if (text.length() > MAX_JUSTIFICATION) {
            throw new RecordException.Invalid("justification", "at most " + MAX_JUSTIFICATION + " characters");
        }
        fr.sante.dmp.store.Text.lines("justification", text);
        return text.strip();
    }
}
