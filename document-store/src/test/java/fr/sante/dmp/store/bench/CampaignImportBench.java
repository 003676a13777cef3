package fr.sante.dmp.store.bench;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.invitation.CampaignProgress;
import fr.sante.dmp.store.invitation.CampaignSummary;
import fr.sante.dmp.store.invitation.InvitationOptions;
import fr.sante.dmp.store.invitation.Invitations;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Streaming import of a generated cohort (default 1,000,000 rows, one in 1,000 invalid) into embedded PostgreSQL 17
 * with the real outbox: rows/s and the peak heap. Run it with a small -Xmx to show the memory does not depend on the
 * file size. Arguments: rows, import batch, pool size, batches in flight.
 */
public final class CampaignImportBench {
    /** The longest wait for one step: an import of the whole campaign file (it had no timeout). */
    private static final Duration LOAD = Duration.ofHours(1);

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int poolSize = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path csv = Files.createTempFile("cohort", ".csv");
        long t0 = System.nanoTime();
        generate(csv, rows);
        System.out.printf("generated %d rows (%d MiB) in %.1f s%n", rows, Files.size(csv) >> 20,
                (System.nanoTime() - t0) / 1e9);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String jdbc = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            Notifications.migrate(jdbc, "postgres", "postgres");
            Vertx vertx = Vertx.vertx();
            String uri = "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/postgres";
            DocumentStore store = await(DocumentStore.start(vertx,
                    new StoreOptions(uri, poolSize, random32(), random32(), Clock.systemUTC()),
                    ConsentEngine.withDefaultPolicy()), LOAD);
            Invitations invitations = store.invitations(Notifications.outboxOnly(random32()),
                    InvitationOptions.defaults("https://www.monespacesante.fr/opposition").withBatches(batch, 500)
                            .withImportInFlight(inFlight));
            resetPeaks();
            long start = System.nanoTime();
            CampaignSummary s = await(invitations.campaigns().importFile("bench", csv), LOAD);
            double seconds = (System.nanoTime() - start) / 1e9;
            CampaignProgress p = await(invitations.campaigns().progress(s.campaignId()), LOAD);
            System.out.printf("import: %d rows in %.1f s = %.0f rows/s (batch %d, pool %d, in flight %d)%n", rows,
                    seconds, rows / seconds, batch, poolSize, inFlight);
            System.out.printf("  imported %d, rejected %d, skipped %d, messages queued %d%n", s.imported(),
                    s.rejected(), s.skipped(), p.queued());
            System.out.printf("  peak heap (sum of pool peaks) %d MiB, max heap %d MiB%n", peakHeap() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            await(store.close(), LOAD);
            await(vertx.close(), LOAD);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** Valid INS (key from {@link Ins#key}) born in May 1985, distinct for up to ~2 million rows; a mobile each. */
    static void generate(Path file, int rows) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ins,birthDate,givenName,familyName,phone,email,language\n");
            for (int i = 0; i < rows; i++) {
                int rest = i / 2;
                String number = (1 + i % 2) + "8505" + "75" + String.format("%03d%03d", rest / 999 % 1000,
                        rest % 999 + 1);
                String ins = number + String.format("%02d", Ins.key(number));
                String phone = String.format("+336%08d", i);
                String email = i % 3 == 0 ? "p" + i + "@example.org" : "";
                String language = i % 10 == 0 ? "en" : "fr";
                if (i % 1000 == 999) {
                    phone = "0612345678"; // not E.164: rejected, the import goes on
                }
                w.write(ins + ",1985-05-12,Camille,Durand," + phone + "," + email + "," + language + "\n");
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
