package fr.sante.dmp.store.audit;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.TestSchema;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tampering with the audit chain as a database administrator would, at every position: edit, delete, reorder and
 * insert are found at the exact position by the chain; a full rewrite with recomputed hashes (the chain then holds) is
 * caught at the first signed checkpoint after it; deleting or forging those checkpoints, or cutting the tail, is
 * caught too. Each tamper starts from the same pristine chain of 35 entries signed every 10.
 */
@ExtendWith({EmbeddedPostgresExtension.class, VertxExtension.class})
class AuditCheckpointIT {
    private static final int ENTRIES = 35;
    private static final int EVERY = 10;
    private static final AuditChain CHAIN = new AuditChain(AuditOptions.PUBLIC_CHAIN_KEY);
    private static final InsHasher HASHER = new InsHasher(new byte[32]);
    private static final byte[] SIGNING_KEY = CheckpointKeys.generateSigningKey();
    private static final AuditOptions OPTIONS =
            new AuditOptions(Optional.of(SIGNING_KEY), List.of(), EVERY, Duration.ZERO);

    private static Vertx vertx;
    private static Pool pool;
    private static PgAuditService verifier;
    private static Connection jdbc;

    @BeforeAll
    static void chainOf35SignedEntries(Vertx vertx, TestDatabase db) throws Exception {
        jdbc = db.connect();
        TestSchema.migrate(db);
        AuditCheckpointIT.vertx = vertx;
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(db.pgUri()).using(vertx).build();
        AuditLog log = new AuditLog(OPTIONS);
        for (int batch = 0; batch < ENTRIES / 5; batch++) {
            List<AuditEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(event(Ins.parse("185057512345673"), "10001234565"));
            }
            await(pool.withTransaction(tx -> log.append(tx, events)));
        }
        // A verifier that holds only the public key, as an auditor's would.
        verifier = new PgAuditService(pool, HASHER, new AuditOptions(Optional.empty(),
                List.of(CheckpointKeys.publicKeyOf(SIGNING_KEY)), EVERY, Duration.ZERO));
        sql("CREATE TABLE pristine_log AS SELECT * FROM audit_log",
                "CREATE TABLE pristine_checkpoint AS SELECT * FROM audit_checkpoint",
                "CREATE TABLE pristine_head AS SELECT * FROM audit_head");
    }

    @AfterAll
    static void stop() throws Exception {
        jdbc.close();
    }

    @BeforeEach
    void pristine() throws Exception {
        restore();
    }

    @Test
    void theUntamperedChainVerifiesWithACheckpointAtEveryTenthEntry() throws Exception {
        assertThat(longs("SELECT seq FROM audit_checkpoint ORDER BY seq")).containsExactly(10L, 20L, 30L);
        AuditVerification v = await(verifier.verify());
        assertThat(v).isEqualTo(new AuditVerification(true, ENTRIES, Optional.empty(), Optional.empty(), 3,
                Optional.of(30L)));
    }

    @Test
    void everyEditDeleteReorderAndInsertIsFoundAtItsExactPosition() throws Exception {
        int tampers = 0;
        int exact = 0;
        for (long p = 1; p <= ENTRIES; p++) {
            exact += detectedAt(() -> { }, "edit", p, this::edit, p);
            exact += detectedAt(() -> { }, "delete", p, this::delete, p);
            // A smart insertion (correct prev_hash and hash) holds by itself: the first entry it displaced breaks,
            // unless p is a signed position, whose checkpoint names the genuine entry.
            exact += detectedAt(() -> { }, "insert", p, this::insert, p % EVERY == 0 ? p : p + 1);
            tampers += 3;
            if (p < ENTRIES) {
                exact += detectedAt(() -> { }, "reorder", p, this::reorder, p);
                tampers++;
            }
        }
        System.out.printf("audit tampering: %d tampers (edit, delete, insert, reorder at every position of %d),"
                + " %d detected at the exact position%n", tampers, ENTRIES, exact);
        assertThat(exact).isEqualTo(tampers);
    }

    @Test
    void aFullRewriteWithRecomputedHashesIsCaughtAtTheFirstCheckpointAfterIt() throws Exception {
        int caught = 0;
        for (long p = 1; p <= 30; p++) {
            restore();
            rewrite(p);
            AuditVerification v = await(verifier.verify());
            long checkpoint = ((p + EVERY - 1) / EVERY) * EVERY;
            assertThat(v.firstBreak()).as("rewrite from %d", p).contains(checkpoint);
            assertThat(v.reason()).contains(AuditVerification.Break.CHECKPOINT_MISMATCH);
            assertThat(v.lastCheckpoint()).isEqualTo(checkpoint == EVERY ? Optional.empty()
                    : Optional.of(checkpoint - EVERY));
            // Without checkpoints the same rewrite passes: the chain alone cannot see it.
            assertThat(await(new PgAuditService(pool, HASHER).verify()).ok()).isTrue();
            caught++;
        }
        System.out.printf("audit full rewrite with recomputed hashes: 30 of 30 caught at the next checkpoint%n");
        assertThat(caught).isEqualTo(30);
    }

    @Test
    void deletingTheCheckpointsThatWouldCatchARewriteLeavesAGapThatIsCaught() throws Exception {
        rewrite(23);
        sql("DELETE FROM audit_checkpoint WHERE seq >= 30");
        AuditVerification v = await(verifier.verify());
        assertThat(v.firstBreak()).contains(30L);
        assertThat(v.reason()).contains(AuditVerification.Break.CHECKPOINT_MISSING);
        assertThat(v.lastCheckpoint()).contains(20L);

        restore();
        sql("DELETE FROM audit_checkpoint");
        assertThat(await(verifier.verify()).reason()).contains(AuditVerification.Break.CHECKPOINT_MISSING);
    }

    @Test
    void aCheckpointReSignedWithAnotherKeyIsCaught() throws Exception {
        rewrite(23);
        CheckpointKeys attacker = CheckpointKeys.from(AuditOptions.signed(CheckpointKeys.generateSigningKey()));
        byte[] hash30 = bytes("SELECT hash FROM audit_log WHERE seq = 30");
        Checkpoint forged = new Checkpoint(30, hash30, Instant.now(), EVERY);
        sql("DELETE FROM audit_checkpoint WHERE seq = 30");
        await(pool.preparedQuery(AuditLog.INSERT_CHECKPOINT).execute(AuditLog.checkpoint(attacker, forged)));
        AuditVerification v = await(verifier.verify());
        assertThat(v.firstBreak()).contains(30L);
        assertThat(v.reason()).contains(AuditVerification.Break.CHECKPOINT_SIGNATURE);

        // The attacker's signature under the genuine key's id does not verify either.
        update("UPDATE audit_checkpoint SET key_id = (SELECT key_id FROM pristine_checkpoint WHERE seq = 10) "
                + "WHERE seq = 30");
        assertThat(await(verifier.verify()).reason()).contains(AuditVerification.Break.CHECKPOINT_SIGNATURE);
    }

    @Test
    void aTailCutWithTheHeadMovedBackIsCaughtByTheCheckpointBeyondIt() throws Exception {
        sql("DELETE FROM audit_log WHERE seq > 25",
                "UPDATE audit_head SET seq = 25, hash = (SELECT hash FROM audit_log WHERE seq = 25)");
        AuditVerification v = await(verifier.verify());
        assertThat(v.firstBreak()).contains(26L);
        assertThat(v.reason()).contains(AuditVerification.Break.TRUNCATED);
    }

    @Test
    void theHeadSignedByTheTimerProtectsTheTailToo() throws Exception {
        HeadCheckpoints timer = new HeadCheckpoints(pool, OPTIONS, Clock.systemUTC());
        assertThat(await(timer.signHead())).contains((long) ENTRIES);
        assertThat(await(timer.signHead())).isEmpty(); // nothing new to sign
        assertThat(await(verifier.verify()).lastCheckpoint()).contains((long) ENTRIES);
        rewrite(33);
        AuditVerification v = await(verifier.verify());
        assertThat(v.firstBreak()).contains((long) ENTRIES);
        assertThat(v.reason()).contains(AuditVerification.Break.CHECKPOINT_MISMATCH);
    }

    // ---- tampering, as an administrator with full write access would do it

    private void edit(long p) throws Exception {
        update("UPDATE audit_log SET allowed = NOT allowed WHERE seq = " + p);
    }

    private void delete(long p) throws Exception {
        update("DELETE FROM audit_log WHERE seq = " + p);
    }

    private void reorder(long p) throws Exception {
        sql("UPDATE audit_log SET seq = -seq WHERE seq IN (" + p + ", " + (p + 1) + ")",
                "UPDATE audit_log SET seq = CASE WHEN seq = " + (-p) + " THEN " + (p + 1) + " ELSE " + p
                        + " END WHERE seq < 0");
    }

    /** Shifts entries from p on by one and inserts a well-formed forged entry at p. */
    private void insert(long p) throws Exception {
        sql("UPDATE audit_log SET seq = -seq WHERE seq >= " + p,
                "UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0");
        byte[] prev = p == 1 ? AuditChain.GENESIS : bytes("SELECT hash FROM audit_log WHERE seq = " + (p - 1));
        AuditEvent forged = event(Ins.parse("291039901203485"), "10000000017");
        await(pool.preparedQuery("INSERT INTO audit_log (" + AuditLog.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, "
                + "$7, $8, $9, $10, $11, $12, $13, $14, $15)").execute(forgedRow(p, forged, prev)));
    }

    /** Alters entry p, then recomputes every hash from p to the head, and the head: the chain holds again. */
    private void rewrite(long p) throws Exception {
        update("UPDATE audit_log SET actor_id = '10000000017' WHERE seq = " + p);
        byte[] prev = p == 1 ? AuditChain.GENESIS : bytes("SELECT hash FROM audit_log WHERE seq = " + (p - 1));
        List<Tuple> fixes = new ArrayList<>();
        for (Row r : await(pool.preparedQuery("SELECT " + AuditLog.COLUMNS + " FROM audit_log WHERE seq >= $1 "
                + "ORDER BY seq").execute(Tuple.of(p)))) {
            long seq = r.getLong("seq");
            byte[] hash = CHAIN.hash(prev, seq, AuditLog.event(r));
            fixes.add(Tuple.of(seq, io.vertx.core.buffer.Buffer.buffer(prev), io.vertx.core.buffer.Buffer.buffer(hash)));
            prev = hash;
        }
        await(pool.preparedQuery("UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1")
                .executeBatch(fixes));
        await(pool.preparedQuery("UPDATE audit_head SET hash = $1 WHERE id")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(prev))));
        assertThat(await(new PgAuditService(pool, HASHER).verify()).ok()).as("the rewritten chain holds").isTrue();
    }

    private static Tuple forgedRow(long seq, AuditEvent e, byte[] prev) {
        byte[] hash = CHAIN.hash(prev, seq, e);
        return Tuple.from(new Object[] {seq, java.time.OffsetDateTime.ofInstant(e.at(), java.time.ZoneOffset.UTC),
            e.actorKind(), e.actorId(), e.profession(), e.category(), e.action().name(),
            io.vertx.core.buffer.Buffer.buffer(e.insHash()), e.documentId(), e.ruleId(), e.allowed(), e.breakGlass(),
            null, io.vertx.core.buffer.Buffer.buffer(prev), io.vertx.core.buffer.Buffer.buffer(hash)});
    }

    private interface Tamper {
        void apply(long position) throws Exception;
    }

    private interface Step {
        void run() throws Exception;
    }

    /** 1 when the tamper at {@code p} is reported at {@code expected}; restores the chain afterwards. */
    private int detectedAt(Step before, String kind, long p, Tamper tamper, long expected) throws Exception {
        before.run();
        tamper.apply(p);
        AuditVerification v = await(verifier.verify());
        restore();
        assertThat(v.ok()).as("%s at %d", kind, p).isFalse();
        assertThat(v.firstBreak()).as("%s at %d", kind, p).contains(expected);
        return 1;
    }

    private static void restore() throws Exception {
        sql("DELETE FROM audit_log", "INSERT INTO audit_log SELECT * FROM pristine_log",
                "DELETE FROM audit_checkpoint", "INSERT INTO audit_checkpoint SELECT * FROM pristine_checkpoint",
                "UPDATE audit_head SET seq = p.seq, hash = p.hash FROM pristine_head p");
    }

    private static AuditEvent event(Ins who, String rpps) {
        return new AuditEvent(Instant.now(), AuditEvent.PROFESSIONAL, rpps, "10", "none",
                AuditAction.LIST_DOCUMENTS, HASHER.hash(who), UUID.randomUUID(), "care-team", true, false, null);
    }

    private static void sql(String... statements) throws Exception {
        try (Statement s = jdbc.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    private static void update(String statement) throws Exception {
        sql(statement);
    }

    private static byte[] bytes(String query) throws Exception {
        try (PreparedStatement s = jdbc.prepareStatement(query); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    private static List<Long> longs(String query) throws Exception {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement s = jdbc.prepareStatement(query); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
