package fr.sante.dmp.store.record;

import fr.sante.dmp.store.RecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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

    /**
     * The position after which the next page starts: the last document of the previous one. Both faces hand it out as
     * the same opaque URL-safe token ({@link #token}, {@link #parse}).
     */
    public record Cursor(Instant depositedAt, UUID id) {
        /** The cursor as its opaque token. */
        public String token() {
            String raw = depositedAt.getEpochSecond() + "." + depositedAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
        }

        /** A token as {@link #token} writes it; anything else is not a cursor this server gave. */
        public static Optional<Cursor> parse(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
                String[] parts = raw.split("\\.", 3);
                Cursor c = new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        UUID.fromString(parts[2]));
                // Only its own spelling: two tokens never name one position (no alias to slip past a cache or a log).
                return c.token().equals(token) ? Optional.of(c) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
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
