package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.CareContextPolicy;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills the record store with persons of the synthetic population through binary COPY: {@code threads} producers
 * build and encrypt batches ahead (a bounded window, so memory stays flat at any N), one writer streams each batch in
 * its own transaction, one COPY per table, and records the batch in {@code seed_progress} before committing.
 *
 * <p>Idempotent by INS hash: ranges already in {@code seed_progress} are skipped; a batch that still meets an existing
 * INS (a person registered through the API, or a seed whose progress table was dropped) is rolled back and written
 * again without those persons. The audit log is not seeded: seeded records have no access history.
 */
public final class Seeder {
    private final String jdbcUrl;
    private final Properties credentials;
    private final Supplier<SeedCrypto> crypto;
    private final PrintStream progressOut;

    /**
     * @param crypto one instance per thread; {@link SeedCrypto#platform} for anything the platform will read
     */
    public Seeder(String jdbcUrl, String user, String password, Supplier<SeedCrypto> crypto, PrintStream progressOut) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.crypto = crypto;
        this.progressOut = progressOut;
    }

    public SeedResult run(SeedOptions options) throws SQLException, InterruptedException {
        return run(options, batch -> { });
    }

    /** @param committed called after each batch commits (tests use it to interrupt a run) */
    public SeedResult run(SeedOptions options, Consumer<SeedBatch> committed) throws SQLException,
            InterruptedException {
        long start = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // the store keeps microseconds
        SeedPlan plan = new SeedPlan(options.meanDocuments());
        // Care contexts last what the platform's policy says (the default policy, as `run` loads it).
        CareContextPolicy careContexts = ConsentEngine.withDefaultPolicy().careContexts();
        ExecutorService producers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "seed-producer");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<BatchEncoder> encoders = ThreadLocal.withInitial(() -> new BatchEncoder(crypto.get(), plan, careContexts,
                now));
        long persons = 0;
        long rows = 0;
        long bytes = 0;
        long waited = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, credentials)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // Each batch commits with its progress row, so a crash loses at most the last batches, never the
                // agreement between data and progress; no need to wait for the WAL flush on every commit.
                s.execute("SET synchronous_commit = off");
            }
            skipForeignKeyTriggers(c);
            SeedProgress.create(c);
            // The columns of the store's schema as the migrations left it, checked against the encoder's.
            Map<SeedTable, String> copySql = SeedSchema.copyStatements(c);
            c.commit();
            List<long[]> todo = SeedProgress.missing(c, options.from(), options.end(), options.batch());
            long total = todo.stream().mapToLong(r -> r[1] - r[0]).sum();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            BatchEncoder writerEncoder = new BatchEncoder(crypto.get(), plan, careContexts, now);
            try (ProgressLine progress = new ProgressLine(progressOut, total)) {
                Deque<Future<SeedBatch>> window = new ArrayDeque<>();
                int next = 0;
                int ahead = options.threads() * 2;
                while (next < todo.size() || !window.isEmpty()) {
                    while (next < todo.size() && window.size() < ahead) {
                        long[] r = todo.get(next++);
                        window.add(producers.submit(() -> encoders.get().encode(r[0], r[1], Set.of())));
                    }
                    long before = System.nanoTime();
                    SeedBatch ready = get(window.poll());
                    waited += System.nanoTime() - before;
                    SeedBatch batch = write(c, copy, copySql, ready, writerEncoder);
                    persons += batch.persons();
                    rows += batch.rows();
                    bytes += batch.bytes();
                    progress.committed(batch.persons(), batch.rows());
                    committed.accept(batch);
                }
                if (total > 0) {
                    progress.print();
                }
            }
            long size = databaseSize(c);
            return new SeedResult(persons, rows, bytes, Duration.ofNanos(System.nanoTime() - start), size,
                    Duration.ofNanos(waited));
        } finally {
            producers.shutdownNow();
        }
    }

    /**
     * The rows are consistent by construction (each batch carries its records with their documents), so the per-row
     * foreign-key triggers only cost time: a superuser session (the embedded database's) runs as a replica, which
     * skips them, the usual bulk-load setting. Without the privilege the checks simply run.
     */
    private static void skipForeignKeyTriggers(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getBoolean(1)) {
                s.execute("SET session_replication_role = replica");
            }
        }
        c.commit();
    }

    /** Writes a batch in one transaction; on an INS already present, rolls back and writes it without those. */
    private SeedBatch write(Connection c, CopyManager copy, Map<SeedTable, String> copySql, SeedBatch batch,
            BatchEncoder encoder) throws SQLException {
        try {
            copyAll(c, copy, copySql, batch);
            return batch;
        } catch (SQLException e) {
            c.rollback();
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
        Set<Long> existing = existing(c, encoder, batch.first(), batch.end());
        SeedBatch again = encoder.encode(batch.first(), batch.end(), existing);
        copyAll(c, copy, copySql, again);
        return again;
    }

    private static void copyAll(Connection c, CopyManager copy, Map<SeedTable, String> copySql, SeedBatch batch)
            throws SQLException {
        try {
            for (SeedTable t : SeedTable.values()) {
                byte[] stream = batch.streams().get(t);
                if (stream != null) {
                    copy.copyIn(copySql.get(t), new ByteArrayInputStream(stream), 1 << 16);
                }
            }
        } catch (IOException e) {
            throw new SQLException("COPY stream failed", e);
        }
        SeedProgress.record(c, batch);
        c.commit();
    }

    /** Indices of [first, end) whose INS hash is already in the record table. */
    private static Set<Long> existing(Connection c, BatchEncoder encoder, long first, long end) throws SQLException {
        Map<String, Long> byHash = new HashMap<>();
        byte[][] hashes = new byte[(int) (end - first)][];
        for (long i = first; i < end; i++) {
            Ins ins = SyntheticPopulation.person(i).ins();
            byte[] h = encoder.insHash(ins);
            hashes[(int) (i - first)] = h;
            byHash.put(Arrays.toString(h), i);
        }
        Set<Long> found = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT ins_hash FROM record WHERE ins_hash = ANY (?)")) {
            Array array = c.createArrayOf("bytea", hashes);
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(byHash.get(Arrays.toString(rs.getBytes(1))));
                }
            }
        }
        c.rollback();
        return found;
    }

    private static long databaseSize(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            long size = rs.getLong(1);
            c.commit();
            return size;
        }
    }

    private static SeedBatch get(Future<SeedBatch> f) throws InterruptedException, SQLException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("seed producer failed: " + e.getCause(), e.getCause());
        }
    }
}
