package fr.sante.dmp.store.record;

import fr.sante.dmp.store.RecordException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A search of one record's documents (the FHIR face's ITI-67), newest first, one page at a time. Empty sets mean "any";
 * {@code from} is inclusive and {@code to} exclusive on the deposit instant; {@code after} is the keyset cursor of the
 * previous page (the last document it showed). Validated at birth: a bad value names its field.
 */
public record DocumentQuery(
        Set<String> statuses,
        Set<String> classCodes,
        Set<String> authorRpps,
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<Cursor> after,
        int count) {

    public static final int MAX_COUNT = 100;
    public static final int DEFAULT_COUNT = 20;

    /** The position after which the next page starts: the last document of the previous one. */
    public record Cursor(Instant depositedAt, UUID id) {
    }

    public DocumentQuery {
        statuses = Set.copyOf(statuses.isEmpty() ? Set.of(DocumentSummary.CURRENT) : statuses);
        for (String s : statuses) {
            if (!s.equals(DocumentSummary.CURRENT) && !s.equals(DocumentSummary.SUPERSEDED)) {
                throw new RecordException.Invalid("status", "must be current or superseded");
            }
        }
        classCodes = Set.copyOf(classCodes);
        authorRpps = Set.copyOf(authorRpps);
        if (count < 1 || count > MAX_COUNT) {
            throw new RecordException.Invalid("_count", "must be between 1 and " + MAX_COUNT);
        }
    }

    /** Current documents, newest first, the default page size. */
    public static DocumentQuery current() {
        return new DocumentQuery(Set.of(), Set.of(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_COUNT);
    }
}
