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
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch of entries goes to PostgreSQL as one multi-row statement (column arrays through unnest): every column, nulls
 * included, must come back exactly as appended, chained to the single-row appends around it, with its checkpoints.
 */
@ExtendWith({EmbeddedPostgresExtension.class, VertxExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditBatchIT {
    private static final int BATCH = 500;
    private static final int EVERY = 100;
    private static final AuditChain CHAIN = new AuditChain(AuditOptions.PUBLIC_CHAIN_KEY);
    private static final InsHasher HASHER = new InsHasher(new byte[32]);
    private static final byte[] SIGNING_KEY = CheckpointKeys.generateSigningKey();

    private static Vertx vertx;
    private static Pool pool;
    private static AuditLog log;
    private static PgAuditService verifier;

    @BeforeAll
    static void start(Vertx vertx, TestDatabase db) {
        TestSchema.migrate(db);
        AuditBatchIT.vertx = vertx;
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(db.pgUri()).using(vertx).build();
        log = new AuditLog(new AuditOptions(Optional.of(SIGNING_KEY), List.of(), EVERY, Duration.ZERO));
        verifier = new PgAuditService(pool, HASHER, new AuditOptions(Optional.empty(),
                List.of(CheckpointKeys.publicKeyOf(SIGNING_KEY)), EVERY, Duration.ZERO));
    }

    @Test
    @Order(1)
    void aBatchOf500RoundTripsEveryColumnNullsIncludedAndChainsWithSingleAppends() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            events.add(event(i));
        }
        // One single-row append before and after the batch: the three paths share one chain.
        AuditEvent first = event(BATCH);
        AuditEvent lastOne = event(BATCH + 1);
        long one = await(pool.withTransaction(tx -> log.append(tx, first)));
        long batch = await(pool.withTransaction(tx -> log.append(tx, events)));
        long two = await(pool.withTransaction(tx -> log.append(tx, lastOne)));
        assertThat(List.of(one, batch, two)).containsExactly(1L, 1L + BATCH, 2L + BATCH);

        List<AuditEvent> appended = new ArrayList<>();
        appended.add(first);
        appended.addAll(events);
        appended.add(lastOne);
        RowSet<Row> rows = await(pool.query("SELECT " + AuditLog.COLUMNS + " FROM audit_log ORDER BY seq").execute());
        assertThat(rows.size()).isEqualTo(BATCH + 2);
        byte[] prev = AuditChain.GENESIS;
        int i = 0;
        for (Row r : rows) {
            long seq = i + 1L;
            AuditEvent expected = appended.get(i);
            assertThat(r.getLong("seq")).isEqualTo(seq);
            assertSameEvent(AuditLog.event(r), expected, seq);
            byte[] hash = CHAIN.hash(prev, seq, expected);
            assertThat(r.getBuffer("prev_hash").getBytes()).as("prev_hash of %d", seq).isEqualTo(prev);
            assertThat(r.getBuffer("hash").getBytes()).as("hash of %d", seq).isEqualTo(hash);
            prev = hash;
            i++;
        }
        Row head = await(pool.query("SELECT seq, hash FROM audit_head").execute()).iterator().next();
        assertThat(head.getLong(0)).isEqualTo(2L + BATCH);
        assertThat(head.getBuffer(1).getBytes()).isEqualTo(prev);

        List<Long> signed = new ArrayList<>();
        for (Row c : await(pool.query("SELECT seq FROM audit_checkpoint ORDER BY seq").execute())) {
            signed.add(c.getLong(0));
        }
        assertThat(signed).containsExactly(100L, 200L, 300L, 400L, 500L);
        assertThat(await(verifier.verify())).isEqualTo(new AuditVerification(true, BATCH + 2, Optional.empty(),
                Optional.empty(), 5, Optional.of(500L)));
    }

    @Test
    @Order(2)
    void aBatchGoesInAloneOnlyWhileTheHeadIsTheOneExpectedAndTheGroupCommitFallsBackToTheLockOtherwise()
            throws Exception {
        AuditLog.Head start = head();
        // The optimistic statement writes nothing when the head it expects is stale.
        AuditLog.Head stale = new AuditLog.Head(start.seq() - 1, start.hash());
        assertThat(await(log.appendIfHead(pool, stale, List.of(event(1), event(2))))).isEmpty();
        assertThat(head().seq()).isEqualTo(start.seq());
        // And writes the batch and moves the head when it is current.
        Optional<AuditLog.Head> moved = await(log.appendIfHead(pool, start, List.of(event(1), event(2))));
        assertThat(moved).isPresent();
        assertThat(moved.get().seq()).isEqualTo(start.seq() + 2);
        assertThat(head().hash()).isEqualTo(moved.get().hash());

        // Group commits interleaved with another writer moving the head, across a checkpoint position.
        GroupCommitAppender appender = new GroupCommitAppender(vertx, pool, log);
        int appended = 0;
        for (int round = 0; round < 6; round++) {
            List<Future<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                calls.add(appender.append(event(round * 25 + i)));
            }
            await(Future.all(calls));
            appended += 25;
            if (round % 2 == 1) {
                await(pool.withTransaction(tx -> log.append(tx, event(7))));
                appended++;
            }
        }
        long expectedSeq = start.seq() + 2 + appended;
        assertThat(head().seq()).isEqualTo(expectedSeq);
        long signed = expectedSeq / EVERY;
        AuditVerification v = await(verifier.verify());
        assertThat(v).isEqualTo(new AuditVerification(true, expectedSeq, Optional.empty(), Optional.empty(),
                (int) signed, Optional.of(signed * EVERY)));
    }

    private static AuditLog.Head head() throws Exception {
        Row h = await(pool.query("SELECT seq, hash FROM audit_head").execute()).iterator().next();
        return new AuditLog.Head(h.getLong(0), h.getBuffer(1).getBytes());
    }

    private static void assertSameEvent(AuditEvent actual, AuditEvent expected, long seq) {
        String at = "entry " + seq;
        assertThat(actual.at()).as(at).isEqualTo(expected.at());
        assertThat(actual.actorKind()).as(at).isEqualTo(expected.actorKind());
        assertThat(actual.actorId()).as(at).isEqualTo(expected.actorId());
        assertThat(actual.profession()).as(at).isEqualTo(expected.profession());
        assertThat(actual.category()).as(at).isEqualTo(expected.category());
        assertThat(actual.action()).as(at).isEqualTo(expected.action());
        assertThat(actual.insHash()).as(at).isEqualTo(expected.insHash());
        assertThat(actual.documentId()).as(at).isEqualTo(expected.documentId());
        assertThat(actual.ruleId()).as(at).isEqualTo(expected.ruleId());
        assertThat(actual.allowed()).as(at).isEqualTo(expected.allowed());
        assertThat(actual.breakGlass()).as(at).isEqualTo(expected.breakGlass());
        assertThat(actual.reason()).as(at).isEqualTo(expected.reason());
    }

    /** Entries that vary every nullable column and both flags, with microsecond instants and non-ASCII text. */
    private static AuditEvent event(int i) {
        Instant at = Instant.parse("2026-11-23T10:00:00Z").plusNanos(i * 1_234_567_000L + 123_456_000L);
        AuditAction[] actions = AuditAction.values();
        return switch (i % 4) {
            case 0 -> new AuditEvent(at, AuditEvent.PROFESSIONAL, "10001234565", "10", "none",
                    actions[i % actions.length], HASHER.hash(Ins.parse("185057512345673")), UUID.randomUUID(),
                    "care-team", i % 3 == 0, i % 5 == 0, i % 5 == 0 ? new byte[] {1, 0, (byte) i, -1} : null);
            case 1 -> new AuditEvent(at, AuditEvent.PATIENT, null, null, null, actions[i % actions.length],
                    HASHER.hash(Ins.parse("291039901203485")), null, "own-record", true, false, null);
            case 2 -> new AuditEvent(at, AuditEvent.OPERATOR, "opérateur-" + i, null, null,
                    actions[i % actions.length], null, null, "règle-é", true, false, null);
            default -> new AuditEvent(at, AuditEvent.PROFESSIONAL, "10001234565", "21", "etab",
                    actions[i % actions.length], null, UUID.randomUUID(), "unknown-document", false, false,
                    new byte[0]);
        };
    }
}
