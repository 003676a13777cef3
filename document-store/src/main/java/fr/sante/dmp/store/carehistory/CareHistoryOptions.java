package fr.sante.dmp.store.carehistory;

/**
 * Tuning of the care-history service (it runs on the store's pool).
 *
 * @param hashPartitions hash sub-partitions per month created from now on (1 = none); production: see
 *                       docs/care-history.md
 * @param chunkLines     lines parsed, sealed and inserted per round trip while feeding
 * @param maxLineBytes   longest NDJSON line accepted (longer lines are rejected, not buffered)
 */
public record CareHistoryOptions(int hashPartitions, int chunkLines, int maxLineBytes) {

    public static final CareHistoryOptions DEFAULT = new CareHistoryOptions(8, 1000, 4096);

    public CareHistoryOptions {
        if (hashPartitions < 1 || chunkLines < 1 || maxLineBytes < 256) {
            throw new IllegalArgumentException("care-history options out of range");
        }
    }
}
