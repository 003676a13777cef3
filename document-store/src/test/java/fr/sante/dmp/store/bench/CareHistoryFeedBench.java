package fr.sante.dmp.store.bench;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.carehistory.CareHistoryOptions;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import fr.sante.dmp.store.carehistory.FeedReport;
import fr.sante.dmp.store.record.PersonRegistration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds an N-line NDJSON file (default 1 000 000 lines, 25 per person, dates spread over the 24-month window) through
 * {@link CareHistoryService#feed} as a streamed file, against embedded PostgreSQL 17. Reports lines/s, the peak heap
 * in use while feeding (sampled every 20 ms), and the bytes per line on disk (heap tables and primary-key indexes of
 * every partition). Arguments: lines, lines per person.
 */
public final class CareHistoryFeedBench {
    /** The longest wait for one step: the feed of the whole synthetic population. */
    private static final Duration LOAD = Duration.ofMinutes(30);

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int perPerson = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        int people = lines / perPerson;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_wal_size", "4GB").start()) {
            Vertx vertx = Vertx.vertx();
            String uri = "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/postgres";
            StoreOptions options = new StoreOptions(uri, 4, random32(), random32(), Clock.systemUTC());
            ConsentEngine engine = ConsentEngine.withDefaultPolicy();
            DocumentStore store = await(DocumentStore.start(vertx, options, engine), LOAD);
            CareHistoryService care = await(store.careHistory(CareHistoryOptions.DEFAULT), LOAD);
            long t0 = System.nanoTime();
            List<Ins> inses = register(store, people);
            System.out.printf("registered %d people in %.1f s%n", people, (System.nanoTime() - t0) / 1e9);
            Path file = Files.createTempFile("care-history", ".ndjson");
            long bytes = write(file, inses, perPerson);
            System.out.printf("file: %d lines, %.1f MB%n", (long) people * perPerson, bytes / 1e6);

            Actor.Professional feeder = new Actor.Professional(new Rpps("10000000017"), Profession.PHYSICIAN,
                    Optional.empty(), ActorCategory.INSURER_FEED);
            System.gc();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            AsyncFile in = await(vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)), LOAD);
            FeedReport report = await(care.feed(feeder, in), LOAD);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            System.out.printf("fed: %s%n", summary(report));
            System.out.printf("  %.0f lines/s over %.1f s; heap in use: %.0f MB before, peak %.0f MB while feeding "
                    + "(max heap %.0f MB)%n", report.received() / seconds, seconds, baseline / 1e6, peak.get() / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6);
            long replayStart = System.nanoTime();
            AsyncFile again = await(vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)), LOAD);
            FeedReport replay = await(care.feed(feeder, again), LOAD);
            double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
            System.out.printf("replay: %s, %.0f lines/s%n", summary(replay), replay.received() / replaySeconds);
            sizes(pg, report.stored());
            Files.delete(file);
            await(care.close(), LOAD);
            await(store.close(), LOAD);
            await(vertx.close(), LOAD);
        }
    }

    private static String summary(FeedReport r) {
        return "received " + r.received() + ", stored " + r.stored() + ", duplicates " + r.duplicates()
                + ", rejected " + r.rejected() + ", refused " + r.refused();
    }

    private static List<Ins> register(DocumentStore store, int people) throws Exception {
        List<Ins> inses = new ArrayList<>(people);
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            String number = "1" + String.format("%02d", 40 + i % 50) + "0575" + String.format("%06d", i);
            Ins ins = new Ins(number + String.format("%02d", Ins.key(number)));
            inses.add(ins);
            pending.add(store.records().register("bench", ins, new PersonRegistration(LocalDate.of(1980, 1, 1),
                    "Camille", "Martin", "F", Optional.empty(), Optional.empty(), RecordState.ACTIVE)));
            if (pending.size() == 64) {
                await(Future.all(pending), LOAD);
                pending.clear();
            }
        }
        await(Future.all(pending), LOAD);
        return inses;
    }

    private static long write(Path file, List<Ins> inses, int perPerson) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Ins ins : inses) {
                for (int j = 0; j < perPerson; j++) {
                    boolean drug = random.nextInt(3) == 0;
                    w.write("{\"lineId\":\"L" + (n++) + "\",\"ins\":\"" + ins.value() + "\",\"dateOfCare\":\""
                            + today.minusDays(random.nextInt(730)) + "\",\"kind\":\"" + (drug ? "DRUG" : "ACT")
                            + "\",\"code\":\"" + (drug ? "3400930000000" : "GS") + "\",\"label\":\""
                            + (drug ? "Paracetamol 1 g comprimé" : "Consultation de médecine générale")
                            + "\",\"prescriberRpps\":\"10001234565\",\"performerRpps\":\"10000000017\","
                            + "\"amount\":\"26.50\",\"sensitive\":" + (random.nextInt(20) == 0) + "}\n");
                }
            }
        }
        return Files.size(file);
    }

    private static void sizes(EmbeddedPostgres pg, long rows) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE care_history_line");
            try (ResultSet rs = s.executeQuery("SELECT sum(pg_table_size(relid)), sum(pg_indexes_size(relid)) "
                    + "FROM pg_partition_tree('care_history_line') WHERE isleaf")) {
                rs.next();
                long table = rs.getLong(1);
                long index = rs.getLong(2);
                System.out.printf("on disk: table %.1f MB (%.0f B/line), primary key %.1f MB (%.0f B/line), "
                        + "total %.0f B/line%n", table / 1e6, table / (double) rows, index / 1e6,
                        index / (double) rows, (table + index) / (double) rows);
            }
            try (ResultSet rs = s.executeQuery("SELECT avg(pg_column_size(l.*)), avg(octet_length(payload)), "
                    + "avg(octet_length(line_id)) FROM care_history_line l")) {
                rs.next();
                System.out.printf("row: %.0f B average tuple data, payload %.0f B, line id %.0f B%n",
                        rs.getDouble(1), rs.getDouble(2), rs.getDouble(3));
            }
        }
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
