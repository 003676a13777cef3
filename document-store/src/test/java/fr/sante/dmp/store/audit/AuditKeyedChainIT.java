package fr.sante.dmp.store.audit;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.TestSchema;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The security issue's first item, as the attacker did it: within the minute before a checkpoint, a database writer
 * turns a refused read into an allowed one ({@code allowed=true}, {@code rule_id='care-team'}), recomputes the entry's
 * SHA-256 and moves the head. The chain is now keyed, so the verifier names the entry; and neither signer (the head's,
 * nor the one in the appending transaction) signs the forgery: both refuse and raise the alarm. Entries written before
 * the key still verify as SHA-256, and moving the marker to pass keyed entries off as plain ones is caught.
 */
@ExtendWith({EmbeddedPostgresExtension.class, VertxExtension.class})
class AuditKeyedChainIT {
    private static final int EVERY = 10;
    private static final InsHasher HASHER = new InsHasher(new byte[32]);
    private static final byte[] SIGNING_KEY = CheckpointKeys.generateSigningKey();
    private static final byte[] CHAIN_KEY = random32();
    private static final AuditOptions OPTIONS = new AuditOptions(Optional.of(SIGNING_KEY), List.of(), EVERY,
            Duration.ZERO, CHAIN_KEY, Optional.empty());

    private static Vertx vertx;
    private static Pool pool;
    private static PgAuditService verifier;
    private AuditAlarm alarm;
    private AuditLog log;

    @BeforeAll
    static void start(Vertx vertx, TestDatabase db) {
        TestSchema.migrate(db);
        AuditKeyedChainIT.vertx = vertx;
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(db.pgUri()).using(vertx).build();
        verifier = new PgAuditService(pool, HASHER, OPTIONS);
    }

    @BeforeEach
    void emptyChain() throws Exception {
        sql("DELETE FROM audit_log", "DELETE FROM audit_checkpoint",
                "UPDATE audit_head SET seq = 0, hash = decode(repeat('00', 32), 'hex')",
                "UPDATE audit_chain SET keyed_from = 1");
        alarm = new AuditAlarm();
        log = new AuditLog(OPTIONS, alarm);
    }

    @Test
    void aRefusedReadRewrittenAsAllowedWithItsSha256RecomputedIsFoundByTheVerifier() throws Exception {
        appendRefusedReads(5);
        assertThat(await(verifier.verify()).ok()).isTrue();

        forgeAsTheIssueDid(5);

        AuditVerification v = await(verifier.verify());
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBreak()).contains(5L);
        assertThat(v.reason()).contains(AuditVerification.Break.CHAIN);
    }

    @Test
    void theHeadSignerRefusesToSignAForgedTailAndRaisesTheAlarm() throws Exception {
        appendRefusedReads(5);
        HeadCheckpoints signer = new HeadCheckpoints(vertx, pool, OPTIONS, Clock.systemUTC(), alarm);
        forgeAsTheIssueDid(4);

        assertThat(await(signer.signHead())).isEmpty();
        assertThat(count("SELECT count(*) FROM audit_checkpoint")).isZero();
        assertThat(alarm.refusedCheckpoints()).isEqualTo(1);
        assertThat(alarm.lastBrokenAt()).contains(4L);
    }

    @Test
    void theHeadSignerStillSignsAnIntactTail() throws Exception {
        appendRefusedReads(15); // a checkpoint at 10, then 5 entries
        HeadCheckpoints signer = new HeadCheckpoints(vertx, pool, OPTIONS, Clock.systemUTC(), alarm);
        assertThat(await(signer.signHead())).contains(15L);
        assertThat(alarm.refusedCheckpoints()).isZero();
        assertThat(await(verifier.verify()).lastCheckpoint()).contains(15L);
    }

    @Test
    void theCheckpointDueInTheAppendingTransactionIsNotSignedOverAForgedEntry() throws Exception {
        appendRefusedReads(9);
        forgeAsTheIssueDid(6);
        // One entry reaching position 10, then a batch crossing 20 (the group commits' one-statement form).
        appendRefusedReads(9);
        await(pool.withTransaction(tx -> log.append(tx, List.of(refusedRead(), refusedRead(), refusedRead()))));

        assertThat(count("SELECT count(*) FROM audit_checkpoint")).isZero();
        assertThat(count("SELECT seq FROM audit_head")).isEqualTo(21);
        assertThat(alarm.refusedCheckpoints()).isEqualTo(2);
        assertThat(await(verifier.verify()).firstBreak()).contains(6L);
    }

    @Test
    void theCheckpointDueInAGroupCommitIsSignedWhenTheTailHolds() throws Exception {
        GroupCommitAppender appender = new GroupCommitAppender(vertx, pool, log);
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(appender.append(refusedRead()));
        }
        await(Future.all(all));
        assertThat(count("SELECT count(*) FROM audit_checkpoint")).isEqualTo(2);
        assertThat(alarm.refusedCheckpoints()).isZero();
        assertThat(await(verifier.verify()).ok()).isTrue();
    }

    @Test
    void entriesChainedWithSha256BeforeTheKeyStillVerifyAndCannotBeUsedToDowngradeLaterOnes() throws Exception {
        // A chain of 5 written by the previous version (plain SHA-256), then the migration's marker, then new entries.
        byte[] prev = AuditChain.GENESIS;
        for (long seq = 1; seq <= 5; seq++) {
            AuditEvent e = refusedRead();
            byte[] hash = AuditChain.legacyHash(prev, seq, e);
            await(pool.preparedQuery(INSERT).execute(row(seq, e, prev, hash)));
            prev = hash;
        }
        await(pool.preparedQuery("UPDATE audit_head SET seq = 5, hash = $1 WHERE id").execute(Tuple.of(
                Buffer.buffer(prev))));
        sql("UPDATE audit_chain SET keyed_from = 6");
        appendRefusedReads(7);
        assertThat(await(verifier.verify())).satisfies(v -> {
            assertThat(v.ok()).isTrue();
            assertThat(v.entries()).isEqualTo(12);
            assertThat(v.lastCheckpoint()).contains(10L);
        });

        // Moving the marker past the keyed entries makes them plain SHA-256 entries, which they are not.
        sql("UPDATE audit_chain SET keyed_from = 1000");
        assertThat(await(verifier.verify()).firstBreak()).contains(6L);
        // Nor can the old entries be passed off as keyed.
        sql("UPDATE audit_chain SET keyed_from = 1");
        assertThat(await(verifier.verify()).firstBreak()).contains(1L);
    }

    // ---- the issue's forgery: refused read -> allowed by the care team, SHA-256 recomputed, head moved

    private void forgeAsTheIssueDid(long seq) throws Exception {
        sql("UPDATE audit_log SET allowed = true, rule_id = 'care-team' WHERE seq = " + seq);
        Row r = await(pool.preparedQuery("SELECT " + AuditLog.COLUMNS + " FROM audit_log WHERE seq = $1")
                .execute(Tuple.of(seq))).iterator().next();
        byte[] prev = r.getBuffer("prev_hash").getBytes();
        byte[] hash = AuditChain.legacyHash(prev, seq, AuditLog.event(r));
        await(pool.preparedQuery("UPDATE audit_log SET hash = $1 WHERE seq = $2")
                .execute(Tuple.of(Buffer.buffer(hash), seq)));
        // The next entries are chained to the forged hash (the attacker recomputes them the same way), head too.
        for (Row next : await(pool.preparedQuery("SELECT " + AuditLog.COLUMNS + " FROM audit_log WHERE seq > $1 "
                + "ORDER BY seq").execute(Tuple.of(seq)))) {
            long s = next.getLong("seq");
            byte[] h = AuditChain.legacyHash(hash, s, AuditLog.event(next));
            await(pool.preparedQuery("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3")
                    .execute(Tuple.of(Buffer.buffer(hash), Buffer.buffer(h), s)));
            hash = h;
        }
        await(pool.preparedQuery("UPDATE audit_head SET hash = $1 WHERE id").execute(Tuple.of(Buffer.buffer(hash))));
    }

    private void appendRefusedReads(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            await(pool.withTransaction(tx -> log.append(tx, refusedRead())));
        }
    }

    private static AuditEvent refusedRead() {
        return new AuditEvent(Instant.now(), AuditEvent.PROFESSIONAL, "10001234565", "10", "none",
                AuditAction.READ_DOCUMENT, HASHER.hash(Ins.parse("185057512345673")), UUID.randomUUID(),
                "not-in-care-team", false, false, null);
    }

    private static final String INSERT = "INSERT INTO audit_log (" + AuditLog.COLUMNS + ") VALUES ($1, $2, $3, $4, "
            + "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

    private static Tuple row(long seq, AuditEvent e, byte[] prev, byte[] hash) {
        return Tuple.from(new Object[] {seq, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC), e.actorKind(),
            e.actorId(), e.profession(), e.category(), e.action().name(), Buffer.buffer(e.insHash()), e.documentId(),
            e.ruleId(), e.allowed(), e.breakGlass(), null, Buffer.buffer(prev), Buffer.buffer(hash)});
    }

    private static void sql(String... statements) throws Exception {
        for (String s : statements) {
            await(pool.query(s).execute());
        }
    }

    private static long count(String query) throws Exception {
        return await(pool.query(query).execute()).iterator().next().getLong(0);
    }

    private static byte[] random32() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
