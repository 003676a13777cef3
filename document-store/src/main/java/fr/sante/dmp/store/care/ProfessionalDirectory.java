package fr.sante.dmp.store.care;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directory of health professionals with their names: loaded from the public extract of the national directory
 * (RPPS), read to name professionals wherever the patient space shows an RPPS, and searched by name when a patient
 * chooses or blocks someone. The rows are those of {@link CareContextService#register} and
 * {@link CareContextService#seen}: one table, one directory. Failures are {@link fr.sante.dmp.store.RecordException}s.
 */
public interface ProfessionalDirectory {

    /** The directory on the store's kernel ({@code DocumentStore.directory}). */
    static ProfessionalDirectory on(fr.sante.dmp.store.StoreKernel kernel) {
        return new PgProfessionalDirectory(kernel);
    }

    /** At most this many answers to a search. */
    int MAX_RESULTS = 20;
    /** A search shorter than this (letters and digits) finds nothing: too many answers to mean anything. */
    int MIN_QUERY = 2;
    /** A longer search is refused ({@code Invalid("q")}). */
    int MAX_QUERY = 100;

    /**
     * Loads a "personne activité" extract (header line first), as {@code operator}: pulled on a worker one chunk at a
     * time (memory bounded by two chunks), each chunk upserted in one statement; rows equal to the file are not
     * rewritten, so a second import of the same file changes nothing. Bad lines are counted and listed, never fatal;
     * a file without the extract's header is {@code Invalid("file")}. Audited once, as the operator's.
     */
    Future<DirectoryReport> importExtract(String operator, Iterator<String> lines);

    /**
     * Professionals whose name starts with the query's words (accents and case ignored; "martin lyon" also matches
     * on town, profession and specialty), or the professional of an RPPS typed in full; {@code profession} narrows to
     * one profession code. At most {@link #MAX_RESULTS}, by name.
     */
    Future<List<DirectoryEntry>> search(String query, Optional<String> profession);

    /** What the directory knows of these RPPS (unknown ones are absent from the map). */
    Future<Map<String, DirectoryEntry>> describe(Collection<String> rpps);

    /** Whether an extract was ever loaded completely (then an RPPS absent from the directory is refused). */
    Future<Boolean> loaded();
}
