package fr.sante.dmp.store.keys;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditOptions;
import fr.sante.dmp.store.audit.AuditVerification;
import fr.sante.dmp.store.audit.CheckpointKeys;
import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.patient.lifecycle.RecordErasure;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crypto-shredding: opposition and purge destroy the patient's wrapped data key. Ciphertext that outlives it (the
 * break-glass reason kept in the audit log, or copies a replica, WAL or backup may hold) opens under no key the
 * database and the master key can give; the audit proof of the opposition stays and verifies with its signed
 * checkpoints. And the AAD binds every ciphertext to its patient and document: swapped between rows, nothing opens.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CryptoShreddingIT {
    private static StoreFixture f;
    private static Envelope envelope;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db, o -> o.withAudit(new AuditOptions(Optional.of(CheckpointKeys.generateSigningKey()),
                List.of(), 5, Duration.ZERO)));
        envelope = new Envelope(f.options.masterKeys(), 1);
        for (int i = 0; i < 5; i++) {
            f.activePatient(); // bystanders: their keys are in the database too, and must not open anything either
        }
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void oppositionDestroysTheKeySoACopiedIdentityNoLongerOpensAndTheProofRemains() throws Exception {
        Ins ins = StoreFixture.newIns();
        await(f.records().register("admin", ins, StoreFixture.person("Durand", RecordState.INVITED)));
        UUID id = f.recordId(ins);
        byte[] identity = bytes("SELECT identity FROM record WHERE id = ?", id);
        byte[] wrapped = bytes("SELECT wrapped_key FROM record WHERE id = ?", id);
        // Before: the copy opens with the patient's key (so the check below can fail).
        assertThat(envelope.openIdentity(envelope.unwrap(id, wrapped), id, identity)).isNotEmpty();

        await(f.store.patients().lifecycle().oppose(ins));

        assertThat(bytes("SELECT wrapped_key FROM record WHERE id = ?", id)).isNull();
        assertThat(bytes("SELECT identity FROM record WHERE id = ?", id)).isNull();
        assertThat(opensUnderAnyStoredKey(id, (key, rid) -> envelope.openIdentity(key, rid, identity))).isFalse();
        // The proof of opposition: the record row (state, INS hash), the receipt and the audit entry.
        assertThat(f.count("SELECT count(*) FROM record WHERE id = ? AND state = 'OPPOSED'", id)).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM opposition_receipt WHERE record_id = ?", id)).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE ins_hash = ? AND action = 'OPPOSE' AND allowed",
                f.insHash(ins))).isEqualTo(1);
        AuditVerification v = await(f.store.audit().verify());
        assertThat(v.ok()).isTrue();
        assertThat(v.checkpoints()).isGreaterThan(0);
    }

    @Test
    void purgeDestroysTheKeySoTheBreakGlassReasonKeptInTheAuditNoLongerOpens() throws Exception {
        Ins ins = f.activePatient();
        UUID id = f.recordId(ins);
        UUID doc = await(f.records().deposit(f.inCare(physician(), ins), ins,
                document(DocumentClass.CONSULTATION_NOTE, "Bilan", "compte rendu")));
        await(f.records().breakGlass(physician(), ins, "patient unconscious in the emergency room"));
        byte[] reason = bytes("SELECT reason FROM audit_log WHERE ins_hash = ? AND break_glass AND reason IS NOT NULL",
                f.insHash(ins));
        byte[] content = bytes("SELECT content FROM document_content WHERE document_id = ?", doc);
        SecretKey key = envelope.unwrap(id, bytes("SELECT wrapped_key FROM record WHERE id = ?", id));
        assertThat(envelope.openReason(key, id, reason)).isEqualTo("patient unconscious in the emergency room");
        assertThat(envelope.openContent(key, id, doc, content)).isNotEmpty();
        long entries = f.count("SELECT count(*) FROM audit_log WHERE ins_hash = ?", f.insHash(ins));

        await(f.store.patients().lifecycle().requestDeletion(ins));
        Pool pool = PgBuilder.pool().connectingTo(f.options.pgUri()).using(f.vertx).build();
        try {
            await(pool.withTransaction(tx -> RecordErasure.purge(tx, id, Instant.now())));
        } finally {
            await(pool.close());
        }

        assertThat(bytes("SELECT wrapped_key FROM record WHERE id = ?", id)).isNull();
        // The ciphertext is still in the database (the audit keeps the reason), but no key opens it any more.
        assertThat(bytes("SELECT reason FROM audit_log WHERE ins_hash = ? AND break_glass AND reason IS NOT NULL",
                f.insHash(ins))).isEqualTo(reason);
        assertThat(opensUnderAnyStoredKey(id, (k, rid) -> envelope.openReason(k, rid, reason))).isFalse();
        assertThat(opensUnderAnyStoredKey(id, (k, rid) -> envelope.openContent(k, rid, doc, content))).isFalse();
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE ins_hash = ?", f.insHash(ins)))
                .isEqualTo(entries + 1); // the deletion request is audited (the purge job audits its own); none removed
        assertThat(await(f.store.audit().verify()).ok()).isTrue();
    }

    @Test
    void aCiphertextSwappedBetweenPatientsOrDocumentsDoesNotOpen() throws Exception {
        Ins a = f.activePatient();
        Ins b = f.activePatient();
        // One doctor in care with both, so that consent lets every read below reach the decryption.
        Actor.Professional doctor = physician();
        f.inCare(doctor, a);
        f.inCare(doctor, b);
        UUID docA = await(f.records().deposit(doctor, a, document(DocumentClass.CONSULTATION_NOTE, "A", "aaa")));
        UUID docA2 = await(f.records().deposit(doctor, a, document(DocumentClass.CONSULTATION_NOTE, "A2", "a2")));
        UUID docB = await(f.records().deposit(doctor, b, document(DocumentClass.CONSULTATION_NOTE, "B", "bbb")));
        byte[] contentA = bytes("SELECT content FROM document_content WHERE document_id = ?", docA);

        // Patient A's content moved under patient B's document: B's key, B's ids in the AAD, nothing opens.
        f.update("UPDATE document_content SET content = ? WHERE document_id = ?", contentA, docB);
        assertThat(failure(f.records().readDocument(doctor, docB)))
                .isInstanceOf(RecordException.Unavailable.class).hasRootCauseInstanceOf(CryptoIntegrityException.class);
        // Moved to another document of the same patient: same key, but the document id in the AAD differs.
        f.update("UPDATE document_content SET content = ? WHERE document_id = ?", contentA, docA2);
        assertThat(failure(f.records().readDocument(doctor, docA2)))
                .isInstanceOf(RecordException.Unavailable.class).hasRootCauseInstanceOf(CryptoIntegrityException.class);
        // A title moved between patients fails the listing closed.
        f.update("UPDATE document SET title = (SELECT title FROM document WHERE id = ?) WHERE id = ?", docA, docB);
        assertThat(failure(f.records().listDocuments(doctor, b)))
                .isInstanceOf(RecordException.Unavailable.class).hasRootCauseInstanceOf(CryptoIntegrityException.class);
        // The untouched original still reads.
        assertThat(await(f.records().readDocument(doctor, docA)).content()).isEqualTo("aaa".getBytes());
    }

    /** True if any data key stored in the database (under its own record id or the victim's) opens the value. */
    private static boolean opensUnderAnyStoredKey(UUID victim, BiFunction<SecretKey, UUID, Object> open)
            throws Exception {
        List<UUID> ids = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        try (Connection c = f.db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT id, wrapped_key FROM record WHERE wrapped_key IS NOT NULL"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add((UUID) rs.getObject(1));
                keys.add(rs.getBytes(2));
            }
        }
        assertThat(keys).hasSizeGreaterThanOrEqualTo(5);
        for (int i = 0; i < keys.size(); i++) {
            for (UUID asRecord : List.of(ids.get(i), victim)) {
                try {
                    SecretKey k = envelope.unwrap(asRecord, keys.get(i));
                    open.apply(k, victim);
                    return true;
                } catch (CryptoIntegrityException expected) {
                    // this key does not open it
                }
            }
        }
        return false;
    }

    private static byte[] bytes(String sql, Object arg) throws Exception {
        try (Connection c = f.db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }
}
