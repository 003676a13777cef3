package fr.sante.dmp.gateway.seed.bench;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.dev.EmbeddedPostgresServer;
import fr.sante.dmp.gateway.seed.SeedCrypto;
import fr.sante.dmp.gateway.seed.SeedOptions;
import fr.sante.dmp.gateway.seed.SeedResult;
import fr.sante.dmp.gateway.seed.Seeder;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * G7: the seeder's rate ÷ the raw COPY rate of the same rows. Two databases of one fresh embedded PostgreSQL; the same
 * seeder (plan, row building, binary COPY, batches, progress rows) writes N persons into each, once with the
 * platform's encryption, once with {@link #plain()}: same columns and byte lengths, no AES-GCM, no HMAC, no key
 * generation. Order: raw, encrypted, raw again (the machine is shared; the two raw runs show the noise).
 *
 * <pre>
 * ./mvnw -B -ntp -o -q -pl gateway -am package -DskipTests &amp;&amp; ./mvnw -B -ntp -o -q -pl gateway test-compile
 * java -cp gateway/target/dmp-gateway.jar:gateway/target/test-classes \
 *     fr.sante.dmp.gateway.seed.bench.SeedBench PERSONS [MEAN_DOCUMENTS] [BATCH] [THREADS]
 * </pre>
 */
public final class SeedBench {
    private static final int AEAD_OVERHEAD = 1 + 12 + 16;

    private SeedBench() {
    }

    public static void main(String[] args) throws Exception {
        long persons = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        double mean = args.length > 1 ? Double.parseDouble(args[1]) : SeedOptions.DEFAULT_MEAN_DOCUMENTS;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : SeedOptions.DEFAULT_BATCH;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        Path dir = Files.createTempDirectory("seed-bench");
        byte[] master = new byte[32];
        byte[] insKey = new byte[32];
        new SecureRandom().nextBytes(master);
        new SecureRandom().nextBytes(insKey);
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, true)) {
            String base = "postgresql://postgres:" + pg.password() + "@127.0.0.1:" + pg.port() + "/";
            try (Connection c = DriverManager.getConnection(jdbc(pg, "postgres"), "postgres", pg.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE raw1");
                s.execute("CREATE DATABASE raw2");
            }
            for (String db : new String[] {"raw1", "raw2", "postgres"}) {
                migrate(base + db, master, insKey);
            }
            // Warm-up (JIT of both paths) into the database of the second raw run, emptied afterwards.
            SeedOptions warm = new SeedOptions(0, Math.min(persons, 20_000), mean, batch, threads);
            run(pg, "raw2", warm, () -> SeedCrypto.platform(master, insKey));
            try (Connection c = DriverManager.getConnection(jdbc(pg, "raw2"), "postgres", pg.password());
                 Statement s = c.createStatement()) {
                s.execute("TRUNCATE record, document, document_content, consent_settings, blocked_professional, "
                        + "alert_preferences, opposition_receipt, seed_progress CASCADE");
            }
            SeedOptions options = new SeedOptions(0, persons, mean, batch, threads);
            SeedResult raw1 = run(pg, "raw1", options, SeedBench::plain);
            report("raw COPY (1)", raw1);
            SeedResult sealed = run(pg, "postgres", options, () -> SeedCrypto.platform(master, insKey));
            report("seeder (encrypted)", sealed);
            double rawRate = raw1.personsPerSecond();
            if (!System.getProperty("bench.secondRaw", "true").equals("false")) {
                SeedResult raw2 = run(pg, "raw2", options, SeedBench::plain);
                report("raw COPY (2)", raw2);
                rawRate = (raw1.personsPerSecond() + raw2.personsPerSecond()) / 2;
            }
            System.out.printf(Locale.ROOT, "G7 = %.2f (seeder %,.0f persons/s ÷ mean raw %,.0f persons/s)%n",
                    sealed.personsPerSecond() / rawRate, sealed.personsPerSecond(), rawRate);
        } finally {
            try (var files = Files.walk(dir)) { // the three databases: gigabytes at a million persons
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static SeedResult run(EmbeddedPostgresServer pg, String db, SeedOptions options,
            Supplier<SeedCrypto> crypto) throws Exception {
        System.err.println("== " + db);
        return new Seeder(jdbc(pg, db), "postgres", pg.password(), crypto, System.err).run(options);
    }

    private static void report(String what, SeedResult r) {
        System.out.printf(Locale.ROOT, "%-20s %,d persons, %,d rows, %,d MB streamed in %.1f s: %,.0f persons/s, "
                        + "%,.0f rows/s; database %,d MB; writer waited for producers %.1f s%n", what, r.persons(), r.rows(),
                r.bytes() >> 20, r.elapsed().toMillis() / 1000.0, r.personsPerSecond(), r.rowsPerSecond(),
                r.databaseBytes() >> 20, r.writerWaited().toMillis() / 1000.0);
    }

    private static String jdbc(EmbeddedPostgresServer pg, String db) {
        return "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + db;
    }

    private static void migrate(String uri, byte[] master, byte[] insKey) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DocumentStore.start(vertx, new StoreOptions(uri, 1, master, insKey, Clock.systemUTC()),
                            ConsentEngine.withDefaultPolicy()).compose(DocumentStore::close)
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The same byte lengths as the platform's sealed values, without any cryptography. */
    static SeedCrypto plain() {
        return new SeedCrypto() {
            @Override
            public byte[] insHash(Ins ins) {
                byte[] h = new byte[32];
                byte[] v = ins.value().getBytes(StandardCharsets.US_ASCII); // unique per person, like the HMAC
                System.arraycopy(v, 0, h, 0, v.length);
                return h;
            }

            @Override
            public RecordKey newRecordKey(UUID recordId) {
                return new RecordKey() {
                    @Override
                    public byte[] wrapped() {
                        return new byte[32 + AEAD_OVERHEAD];
                    }

                    @Override
                    public byte[] identity(byte[] json) {
                        return pad(json);
                    }

                    @Override
                    public byte[] title(UUID documentId, String title) {
                        return pad(title.getBytes(StandardCharsets.UTF_8));
                    }

                    @Override
                    public byte[] content(UUID documentId, byte[] content) {
                        return pad(content);
                    }
                };
            }
        };
    }

    private static byte[] pad(byte[] plaintext) {
        byte[] out = new byte[plaintext.length + AEAD_OVERHEAD];
        System.arraycopy(plaintext, 0, out, AEAD_OVERHEAD, plaintext.length);
        return out;
    }
}
