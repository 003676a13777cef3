package fr.sante.dmp.store.carehistory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a feed did with its lines. A rejected line never stops the batch.
 *
 * @param received            lines read (blank lines are skipped and not counted)
 * @param stored              lines added
 * @param duplicates          valid lines already present (same record, date of care and line id): a replay
 * @param rejected            lines refused for their content or an unknown patient, see {@link Reason}
 * @param refused             lines for a record that does not receive lines (OPPOSED, CLOSED, PURGED): counted, never
 *                            stored
 * @param byReason            counts of rejected and refused lines per reason
 * @param rejections          the first {@link #MAX_DETAILS} rejected or refused lines, in input order
 * @param detailsTruncated    more lines were rejected than {@code rejections} lists
 */
public record FeedReport(long received, long stored, long duplicates, long rejected, long refused,
                         Map<Reason, Long> byReason, List<Rejection> rejections, boolean detailsTruncated) {

    /** Detailed rejections kept per feed: the report's size stays bounded whatever the file. */
    public static final int MAX_DETAILS = 1000;

    public FeedReport {
        byReason = Map.copyOf(byReason);
        rejections = List.copyOf(rejections);
    }

    /**
     * One line not stored. {@code detail} names the field and what is wrong, never the value (it may be an INS).
     *
     * @param lineNumber 1-based line number in the input
     * @param lineId     the line's id when it could be read
     */
    public record Rejection(long lineNumber, Optional<String> lineId, Reason reason, String detail) {
    }

    /** Why a line was not stored. */
    public enum Reason {
        /** Not a JSON object. */
        MALFORMED_JSON,
        /** Longer than the maximum line size. */
        LINE_TOO_LONG,
        /** The INS is missing or fails its check (length, characters, key). */
        INVALID_INS,
        /** The date of care is missing, malformed or in the future. */
        INVALID_DATE,
        /** The date of care is older than the rolling window (it would be invisible and purged). */
        OUTSIDE_WINDOW,
        /** Another field is missing or invalid; the detail names it. */
        INVALID_FIELD,
        /** No record for this INS. */
        UNKNOWN_PATIENT,
        /**
         * The record does not receive lines: OPPOSED, CLOSED or PURGED. One reason for the three on purpose: the report
         * goes back to the insurer, who must not learn which choice the person made about their record (L1111-18).
         */
        RECORD_NOT_RECEIVING
    }
}
