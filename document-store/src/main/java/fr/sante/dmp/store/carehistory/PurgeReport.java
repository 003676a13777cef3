package fr.sante.dmp.store.carehistory;

import java.time.LocalDate;

/**
 * What one run of the window purge did.
 *
 * @param cutoff            lines dated before this day were outside the window
 * @param partitionsDropped whole months dropped (every line in them was outside the window)
 * @param linesDeleted      lines deleted one batch at a time from the month that straddles the cutoff
 * @param partitionsCreated month partitions created ahead for the coming feeds
 */
public record PurgeReport(LocalDate cutoff, int partitionsDropped, long linesDeleted, int partitionsCreated) {
}
