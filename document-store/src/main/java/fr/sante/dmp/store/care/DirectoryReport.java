package fr.sante.dmp.store.care;

import java.util.List;

/**
 * What an import of the directory's extract did.
 *
 * @param lines         data lines read (the header excluded)
 * @param entries       valid lines of RPPS professionals (one per place of practice)
 * @param changed       directory rows written (new or different); a second import of the same file writes none
 * @param skipped       valid lines that are not RPPS professionals (ADELI numbers): not the platform's to know
 * @param bad           lines refused (wrong number of fields, RPPS malformed or failing its check digit, no name,
 *                      no profession, not UTF-8, too long)
 * @param badLines      the first refused line numbers with their reason (at most {@link #MAX_LISTED})
 */
public record DirectoryReport(long lines, long entries, long changed, long skipped, long bad,
                              List<BadLine> badLines) {
    public static final int MAX_LISTED = 100;

    /** A refused line: its number in the file (1 is the header) and why. */
    public record BadLine(long line, String reason) {
    }
}
