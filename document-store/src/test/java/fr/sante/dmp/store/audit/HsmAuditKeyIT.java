package fr.sante.dmp.store.audit;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.TestSchema;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.crypto.Pkcs11MasterKey;
import fr.sante.dmp.store.crypto.Pkcs11SigningKey;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.SoftHsm;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit signing key in an HSM (SoftHSM2 through SunPKCS11): an ECDSA P-256 key whose private half never leaves
 * the module signs the checkpoints from the move on; those signed before by the in-memory Ed25519 key still verify,
 * each checkpoint naming its key; a verifier holding both public keys accepts the whole chain, one without the HSM's
 * refuses its checkpoints; the module is called on a worker thread, never on an event loop.
 */
@ExtendWith({EmbeddedPostgresExtension.class, VertxExtension.class})
class HsmAuditKeyIT {
    private static final int EVERY = 10;
    private static final InsHasher HASHER = new InsHasher(new byte[32]);
    private static final byte[] ED25519 = CheckpointKeys.generateSigningKey();
    private static final AuditOptions BEFORE = new AuditOptions(Optional.of(ED25519), List.of(), EVERY, Duration.ZERO);

    private static Vertx vertx;
    private static Pool pool;
    private static Pkcs11MasterKey.Location where;
    private static Pkcs11SigningKey hsm;

    @BeforeAll
    static void start(Vertx vertx, TestDatabase db) throws Exception {
        TestSchema.migrate(db);
        HsmAuditKeyIT.vertx = vertx;
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(db.pgUri()).using(vertx).build();
        where = SoftHsm.newToken("dmp-audit");
        hsm = Pkcs11SigningKey.generate(where, SoftHsm.PIN.toCharArray());
    }

    @Test
    void checkpointsAreSignedInTheHsmFromTheMoveOnAndTheOldOnesStillVerify() throws Exception {
        // Given a chain of 25 entries signed by the in-memory Ed25519 key (checkpoints 10 and 20),
        appendBatches(new AuditLog(BEFORE), 15);
        appendSingles(new AuditLog(BEFORE), 10);
        // when the platform restarts with the HSM key (the Ed25519 key only verifies) and 20 more entries and the
        // head are signed,
        AuditOptions after = BEFORE.withHsmSigningKey(hsm);
        AuditLog signedInHsm = new AuditLog(after);
        appendSingles(signedInHsm, 5); // checkpoint 30 on the single-entry path
        appendBatches(signedInHsm, 10); // 40 in a batch
        appendSingles(signedInHsm, 5);
        assertThat(await(new HeadCheckpoints(pool, after, Clock.systemUTC()).signHead())).contains(45L);

        // then each checkpoint names its key: Ed25519 before the move, the HSM's P-256 key after it,
        byte[] edPublic = CheckpointKeys.publicKeyOf(ED25519);
        byte[] ecPublic = CheckpointKeys.exported(hsm.publicKey());
        String edId = CheckpointKeys.keyIdHex(edPublic);
        String ecId = CheckpointKeys.keyIdHex(ecPublic);
        Map<Long, String> keyIds = keyIds();
        assertThat(keyIds).containsExactly(Map.entry(10L, edId), Map.entry(20L, edId), Map.entry(30L, ecId),
                Map.entry(40L, ecId), Map.entry(45L, ecId));
        // and the HSM's signatures are plain ECDSA (DER) that the JDK verifies with the public key alone;
        Row cp30 = await(pool.query("SELECT * FROM audit_checkpoint WHERE seq = 30").execute()).iterator().next();
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(CheckpointKeys.publicKey(ecPublic));
        ecdsa.update(new Checkpoint(30, cp30.getBuffer("hash").getBytes(), cp30.getOffsetDateTime("at").toInstant(),
                EVERY).message());
        assertThat(ecdsa.verify(cp30.getBuffer("signature").getBytes())).isTrue();

        // an auditor holding both public keys verifies the whole chain, old checkpoints included;
        PgAuditService auditor = verifier(List.of(edPublic, ecPublic));
        AuditVerification v = await(auditor.verify());
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.checkpoints()).isEqualTo(5);
        // the platform's own verifier (Ed25519 kept to verify, the HSM key signing) does too;
        assertThat(await(new PgAuditService(pool, HASHER, after).verify()).ok()).isTrue();
        // one without the HSM's key refuses its first checkpoint;
        AuditVerification withoutHsm = await(verifier(List.of(edPublic)).verify());
        assertThat(withoutHsm.firstBreak()).contains(30L);
        assertThat(withoutHsm.reason()).contains(AuditVerification.Break.CHECKPOINT_SIGNATURE);
        // and an HSM signature altered in the database is caught at its position.
        await(pool.query("UPDATE audit_checkpoint SET signature = set_byte(signature, 20, get_byte(signature, 20) # 1)"
                + " WHERE seq = 40").execute());
        AuditVerification altered = await(auditor.verify());
        assertThat(altered.firstBreak()).contains(40L);
        assertThat(altered.reason()).contains(AuditVerification.Break.CHECKPOINT_SIGNATURE);
    }

    @Test
    void thePrivateKeyNeverLeavesTheHsm() throws Exception {
        Pkcs11SigningKey reopened = Pkcs11SigningKey.open(where, SoftHsm.PIN.toCharArray());
        assertThat(reopened.privateKeyHandle().getEncoded()).as("sensitive, not extractable: no bytes in the JVM")
                .isNull();
        assertThat(CheckpointKeys.exported(reopened.publicKey())).isEqualTo(CheckpointKeys.exported(hsm.publicKey()));
    }

    @Test
    void theModuleIsCalledOnAWorkerThreadNeverOnTheEventLoop() throws Exception {
        CheckpointKeys keys = CheckpointKeys.from(BEFORE.withHsmSigningKey(hsm));
        Promise<String> signedOn = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            Future<String> f = CheckpointKeys.offLoop(keys, () -> {
                keys.sign(new Checkpoint(1, new byte[32], Instant.now(), EVERY));
                return Thread.currentThread().getName();
            });
            f.onComplete(signedOn);
        });
        assertThat(await(signedOn.future())).startsWith("vert.x-worker-thread");
        // In-memory Ed25519 keys sign in place (tens of microseconds).
        CheckpointKeys inMemory = CheckpointKeys.from(BEFORE);
        Promise<String> inPlace = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> CheckpointKeys.offLoop(inMemory,
                () -> Thread.currentThread().getName()).onComplete(inPlace));
        assertThat(await(inPlace.future())).startsWith("vert.x-eventloop-thread");
    }

    @Test
    void aLabelWithoutAnEcKeyPairIsAClearError() throws Exception {
        assertThatThrownBy(() -> Pkcs11SigningKey.open(new Pkcs11MasterKey.Location(where.module(), where.slot(),
                "no-such-audit-key"), SoftHsm.PIN.toCharArray()))
                .hasMessageContaining("DMP_AUDIT_SIGNING_KEY_PKCS11")
                .hasMessageContaining("holds no EC P-256 key pair labelled 'no-such-audit-key'")
                .hasMessageContaining("./dmp audit hsm-generate");
        // The master key's label names an AES key: not an audit key either.
        Pkcs11MasterKey.Location master = SoftHsm.newToken("dmp-master");
        Pkcs11MasterKey.generate(master, SoftHsm.PIN.toCharArray());
        assertThatThrownBy(() -> Pkcs11SigningKey.open(master, SoftHsm.PIN.toCharArray()))
                .hasMessageContaining("holds no EC P-256 key pair labelled");
        assertThatThrownBy(() -> Pkcs11SigningKey.generate(where, SoftHsm.PIN.toCharArray()))
                .hasMessageContaining("already in use");
    }

    private PgAuditService verifier(List<byte[]> publicKeys) {
        return new PgAuditService(pool, HASHER, new AuditOptions(Optional.empty(), publicKeys, EVERY, Duration.ZERO));
    }

    /** {@code n} entries in batches of five: the group-commit path ({@link ChainedBatch}). */
    private static void appendBatches(AuditLog log, int n) throws Exception {
        for (int done = 0; done < n; done += 5) {
            List<AuditEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(event());
            }
            await(pool.withTransaction(tx -> log.append(tx, events)));
        }
    }

    /** {@code n} entries one by one: the single-entry path. */
    private static void appendSingles(AuditLog log, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            AuditEvent e = event();
            await(pool.withTransaction(tx -> log.append(tx, e)));
        }
    }

    private static AuditEvent event() {
        return new AuditEvent(Instant.now(), AuditEvent.PROFESSIONAL, "10001234565", "10", "none",
                AuditAction.LIST_DOCUMENTS, HASHER.hash(Ins.parse("185057512345673")), UUID.randomUUID(),
                "care-team", true, false, null);
    }

    private static Map<Long, String> keyIds() throws Exception {
        Map<Long, String> out = new LinkedHashMap<>();
        for (Row r : await(pool.query("SELECT seq, key_id FROM audit_checkpoint ORDER BY seq").execute())) {
            out.put(r.getLong("seq"), HexFormat.of().formatHex(r.getBuffer("key_id").getBytes()));
        }
        return out;
    }
}
