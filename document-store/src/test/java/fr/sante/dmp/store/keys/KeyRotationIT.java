package fr.sante.dmp.store.keys;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import fr.sante.dmp.store.crypto.MasterKeys;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Master-key rotation on a real database: interrupted and resumed, while another store instance (a gateway configured
 * with the new key and the old one as previous) keeps reading; afterwards the new key alone reads everything, and a
 * store holding neither key reads nothing.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class KeyRotationIT {
    private static final int PATIENTS = 120;
    private static final int BATCH = 20;
    /** In care with every patient: reads pass consent and reach the keys. */
    private static final Actor.Professional DOCTOR = physician();

    @Test
    void rotationInterruptedThenResumedWhileReadsContinueLeavesEveryKeyUnderTheNewMasterKey(TestDatabase db)
            throws Exception {
        byte[] newKey = random32();
        try (StoreFixture old = StoreFixture.start(db)) {
            byte[] oldKey = old.options.masterKey();
            List<Ins> patients = new ArrayList<>();
            List<UUID> documents = new ArrayList<>();
            for (int i = 0; i < PATIENTS; i++) {
                Ins ins = old.activePatient();
                patients.add(ins);
                // Care contexts hold no key material: they carry over every instance and every master key below.
                old.inCare(DOCTOR, ins);
                documents.add(await(old.records().deposit(DOCTOR, ins,
                        document(DocumentClass.CONSULTATION_NOTE, "Note " + i, "content " + i))));
            }
            assertThat(keysUnder(old, newKey)).isZero();

            // The gateway after step 1 of the procedure: current = new key, previous = old key.
            StoreOptions during = old.options.withMasterKeys(newKey, List.of(oldKey));
            DocumentStore gateway = await(DocumentStore.start(old.vertx, during, ConsentEngine.withDefaultPolicy()));
            try {
                // A first run stops after two batches, as if the command were killed.
                List<RotationProgress> seen = new ArrayList<>();
                RotationProgress stopped = await(gateway.keyRotation().run(BATCH, 2, 0, seen::add));
                assertThat(stopped.finished()).isFalse();
                assertThat(stopped.rewrapped()).isEqualTo(2L * BATCH);
                assertThat(seen).hasSize(2);
                assertThat(keysUnder(old, newKey)).isEqualTo(2L * BATCH);

                // The resumed run (a new instance, as a restarted command would be) continues from the cursor while
                // reads go on through the gateway.
                DocumentStore resumed = await(DocumentStore.start(old.vertx, during,
                        ConsentEngine.withDefaultPolicy()));
                AtomicBoolean rotating = new AtomicBoolean(true);
                AtomicInteger reads = new AtomicInteger();
                AtomicInteger failedReads = new AtomicInteger();
                Future<Void> reader = readLoop(gateway, patients, documents, rotating, reads, failedReads);
                RotationProgress done = await(resumed.keyRotation().run(BATCH, Long.MAX_VALUE, 25, p -> { })
                        .onComplete(r -> rotating.set(false)));
                await(reader);
                await(resumed.close());

                assertThat(done.finished()).isTrue();
                assertThat(done.remaining()).isZero();
                assertThat(done.rewrapped()).isEqualTo(PATIENTS); // 40 before the interruption + 80 after, none twice
                assertThat(done.already()).isZero();
                assertThat(reads.get()).isGreaterThan(0);
                assertThat(failedReads.get()).isZero();
                assertThat(keysUnder(old, newKey)).isEqualTo(PATIENTS);
                System.out.printf("key rotation: %d keys re-wrapped in batches of %d (interrupted after %d, resumed),"
                        + " %d reads during the resumed run, %d failed%n", done.rewrapped(), BATCH, 2 * BATCH,
                        reads.get(), failedReads.get());
            } finally {
                await(gateway.close());
            }

            // Step 3: the old key removed from the configuration; everything still reads.
            DocumentStore after = await(DocumentStore.start(old.vertx,
                    old.options.withMasterKeys(newKey, List.of()), ConsentEngine.withDefaultPolicy()));
            try {
                for (int i = 0; i < PATIENTS; i++) {
                    byte[] content = await(after.records().readDocument(DOCTOR, documents.get(i))).content();
                    assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("content " + i);
                }
                // A second run over a rotated table re-wraps nothing.
                RotationProgress again = await(after.keyRotation().run(BATCH, Long.MAX_VALUE, 0, p -> { }));
                assertThat(again.rewrapped()).isZero();
                assertThat(again.already()).isEqualTo(PATIENTS);
            } finally {
                await(after.close());
            }

            // A store that holds neither key (a wrong or lost master key) fails closed: no title, no content.
            DocumentStore stranger = await(DocumentStore.start(old.vertx,
                    old.options.withMasterKeys(random32(), List.of(oldKey)), ConsentEngine.withDefaultPolicy()));
            try {
                Throwable read = failure(stranger.records().readDocument(DOCTOR, documents.get(0)));
                assertThat(read).isInstanceOf(RecordException.Unavailable.class)
                        .hasRootCauseInstanceOf(CryptoIntegrityException.class)
                        .hasRootCauseMessage("the record's key is wrapped under an unknown master key");
                assertThat(failure(stranger.records().listDocuments(DOCTOR, patients.get(1))))
                        .isInstanceOf(RecordException.Unavailable.class)
                        .hasRootCauseInstanceOf(CryptoIntegrityException.class);
                // Nor can it rotate them away: the run stops rather than skip keys it cannot open.
                assertThat(failure(stranger.keyRotation().run(BATCH, 1, 0, p -> { })))
                        .isInstanceOf(CryptoIntegrityException.class);
                assertThat(keysUnder(old, newKey)).isEqualTo(PATIENTS);
            } finally {
                await(stranger.close());
            }
        }
    }

    /** Reads every patient's list and one document in turn until rotation ends; counts successes and failures. */
    private static Future<Void> readLoop(DocumentStore store, List<Ins> patients, List<UUID> documents,
                                         AtomicBoolean rotating, AtomicInteger reads, AtomicInteger failed) {
        return readOne(store, patients, documents, 0, rotating, reads, failed);
    }

    private static Future<Void> readOne(DocumentStore store, List<Ins> patients, List<UUID> documents, int i,
                                        AtomicBoolean rotating, AtomicInteger reads, AtomicInteger failed) {
        if (!rotating.get()) {
            return Future.succeededFuture();
        }
        int n = i % patients.size();
        return store.records().listDocuments(DOCTOR, patients.get(n))
                .compose(list -> store.records().readDocument(DOCTOR, documents.get(n)))
                .map(doc -> new String(doc.content(), StandardCharsets.UTF_8).equals("content " + n))
                .otherwise(false)
                .compose(ok -> {
                    (ok ? reads : failed).incrementAndGet();
                    return readOne(store, patients, documents, i + 1, rotating, reads, failed);
                });
    }

    private static long keysUnder(StoreFixture f, byte[] master) throws Exception {
        byte[] prefix = KeyRotation.targetPrefix(MasterKeys.id(master));
        return f.count("SELECT count(*) FROM record WHERE substring(wrapped_key FROM 1 FOR 5) = ?", prefix);
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
