package fr.sante.dmp.gateway.seed;

import java.time.Duration;

/**
 * What a seed run did.
 *
 * @param persons       persons written by this run (0 when the range was already seeded)
 * @param rows          rows written, all tables
 * @param bytes         COPY bytes streamed
 * @param databaseBytes {@code pg_database_size} at the end
 * @param writerWaited  time the COPY writer waited for the producers (near zero: the database is the bottleneck)
 */
public record SeedResult(long persons, long rows, long bytes, Duration elapsed, long databaseBytes,
                         Duration writerWaited) {

    public double personsPerSecond() {
        return persons / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }

    public double rowsPerSecond() {
        return rows / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
}
