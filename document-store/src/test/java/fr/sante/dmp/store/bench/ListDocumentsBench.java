package fr.sante.dmp.store.bench;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.record.StoreFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of {@code listDocuments} (the professional's hot path: one pipelined query + consent filter + group-
 * committed audit entry) against embedded PostgreSQL 17 on this machine, with a fixed number of requests in flight.
 * Arguments: patients, documents per patient, seconds, concurrency, pool size.
 */
public final class ListDocumentsBench {
    /** The longest wait for one step: a measured round of lists. */
    private static final Duration LOAD = Duration.ofMinutes(2);

    public static void main(String[] args) throws Exception {
        int patients = arg(args, 0, 500);
        int docs = arg(args, 1, 20);
        int seconds = arg(args, 2, 15);
        int concurrency = arg(args, 3, 128);
        int poolSize = arg(args, 4, 4);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Vertx vertx = Vertx.vertx();
            String uri = "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/postgres";
            DocumentStore store = await(DocumentStore.start(vertx,
                    new StoreOptions(uri, poolSize, random32(), random32(), Clock.systemUTC()),
                    ConsentEngine.withDefaultPolicy()), LOAD);
            Actor.Professional doctor = Actor.Professional.of(rpps(1), Profession.PHYSICIAN);
            List<Ins> inses = seed(store, patients, docs, doctor);

            run(store, inses, doctor, 5, concurrency); // warm-up
            long[] latencies = run(store, inses, doctor, seconds, concurrency);
            Arrays.sort(latencies);
            System.out.printf("listDocuments: %d patients x %d documents, concurrency %d, pool %d%n",
                    patients, docs, concurrency, poolSize);
            System.out.printf("  %.0f req/s over %d s; latency p50 %.2f ms, p99 %.2f ms%n",
                    latencies.length / (double) seconds, seconds, latencies[latencies.length / 2] / 1e6,
                    latencies[(int) (latencies.length * 0.99)] / 1e6);
            System.out.println("  audit: " + await(store.audit().verify(), LOAD));
            await(store.close(), LOAD);
            await(vertx.close(), LOAD);
        }
    }

    private static long[] run(DocumentStore store, List<Ins> inses, Actor.Professional doctor, int seconds,
                              int concurrency) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[] lat = new long[50_000_000 / 8];
        AtomicLong n = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            loop(store, inses, doctor, end, lat, n, done);
        }
        done.await();
        return Arrays.copyOf(lat, (int) Math.min(n.get(), lat.length));
    }

    private static void loop(DocumentStore store, List<Ins> inses, Actor.Professional doctor, long end, long[] lat,
                             AtomicLong n, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long start = System.nanoTime();
        Ins ins = inses.get(ThreadLocalRandom.current().nextInt(inses.size()));
        store.records().listDocuments(doctor, ins).onComplete(ar -> {
            if (ar.failed()) {
                ar.cause().printStackTrace();
                System.exit(1);
            }
            long i = n.getAndIncrement();
            if (i < lat.length) {
                lat[(int) i] = System.nanoTime() - start;
            }
            loop(store, inses, doctor, end, lat, n, done);
        });
    }

    /**
     * Registers the patients with their documents; the author and the reading doctor each hold a care context on every
     * record, as in production, so the snapshot's care-context probe is on the measured path.
     */
    private static List<Ins> seed(DocumentStore store, int patients, int docs, Actor.Professional doctor)
            throws Exception {
        List<Ins> inses = new ArrayList<>();
        Actor.Professional author = Actor.Professional.of(rpps(2), Profession.PHYSICIAN);
        byte[] content = "x".repeat(2000).getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p < patients; p++) {
            String number = "1850575" + String.format("%06d", p);
            Ins ins = new Ins(number + String.format("%02d", Ins.key(number)));
            inses.add(ins);
            await(store.records().register("bench", ins, new PersonRegistration(LocalDate.of(1985, 5, 1), "A", "B",
                    "F", Optional.empty(), Optional.empty(), RecordState.ACTIVE)), LOAD);
            StoreFixture.inCare(store, author, ins);
            StoreFixture.inCare(store, doctor, ins);
            List<Future<?>> deposits = new ArrayList<>();
            for (int d = 0; d < docs; d++) {
                deposits.add(store.records().deposit(author, ins, new NewDocument(DocumentClass.CONSULTATION_NOTE,
                        "Consultation " + d, "text/plain", content, false)));
            }
            await(Future.all(deposits), LOAD);
        }
        return inses;
    }

    private static Rpps rpps(int n) {
        String payload = "10" + String.format("%08d", n);
        return new Rpps(payload + Rpps.luhnCheckDigit(payload));
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
