package fr.sante.dmp.gateway.seed;

import java.time.Duration;

/**
 * What a seed run did.
 *
 * @param persons       persons written by this run (0 when the range was already seeded)
 * @param rows          rows written, all tables
 * @param bytes         COPY bytes streamed
 * @param databaseBytes {@code pg_database_size} at the end
 */
public record SeedResult(long persons, long rows, long bytes, Duration elapsed, long databaseBytes) {

    public double personsPerSecond() {
        return persons / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }

    public double rowsPerSecond() {
        return rows / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
}
