package fr.sante.dmp.gateway.seed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranges of person indices already seeded, one row per committed batch, written in the batch's own transaction:
 * a batch's rows and its progress row commit or vanish together, so a rerun skips exactly what is there and resumes an
 * interrupted run after its last committed batch, whatever --from and --batch it is given.
 */
final class SeedProgress {
    static final String CREATE = "CREATE TABLE IF NOT EXISTS seed_progress ("
            + "first_index bigint PRIMARY KEY, end_index bigint NOT NULL CHECK (end_index > first_index), "
            + "persons integer NOT NULL, rows bigint NOT NULL, committed_at timestamptz NOT NULL DEFAULT now())";
    static final String OVERLAPPING = "SELECT first_index, end_index FROM seed_progress "
            + "WHERE end_index > ? AND first_index < ? ORDER BY first_index";
    // A second seeder may have recorded the same batch after this one planned it (parallel writers over overlapping
    // ranges): this one then rewrote it without anybody (the INS were there) and has nothing more to record.
    static final String INSERT = "INSERT INTO seed_progress (first_index, end_index, persons, rows) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (first_index) DO NOTHING";

    private SeedProgress() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE);
        }
        c.commit();
    }

    /** The sub-ranges of [from, to) not seeded yet, cut into batches of at most {@code batch} persons. */
    static List<long[]> missing(Connection c, long from, long to, int batch) throws SQLException {
        List<long[]> todo = new ArrayList<>();
        long cursor = from;
        try (PreparedStatement s = c.prepareStatement(OVERLAPPING)) {
            s.setLong(1, from);
            s.setLong(2, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long first = rs.getLong(1);
                    long end = rs.getLong(2);
                    cut(todo, cursor, Math.min(first, to), batch);
                    cursor = Math.max(cursor, end);
                }
            }
        }
        c.commit();
        cut(todo, cursor, to, batch);
        return todo;
    }

    static void record(Connection c, SeedBatch b) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setLong(1, b.first());
            s.setLong(2, b.end());
            s.setInt(3, b.persons());
            s.setLong(4, b.rows());
            s.executeUpdate();
        }
    }

    private static void cut(List<long[]> todo, long from, long to, int batch) {
        for (long a = from; a < to; a += batch) {
            todo.add(new long[] {a, Math.min(to, a + batch)});
        }
    }
}
