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
import java.sql.Connection;
import java.sql.Statement;
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

/** The chain against a real PostgreSQL: concurrent group commits, verification, tampering, history. */
@ExtendWith({EmbeddedPostgresExtension.class, VertxExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {
    private static final Ins PATIENT = Ins.parse("185057512345673");
    private static final Ins OTHER = Ins.parse("291039901203485");
    private static final InsHasher HASHER = new InsHasher(new byte[32]);

    private static Vertx vertx;
    private static Pool pool;
    private static AuditLog log;
    private static GroupCommitAppender appender;
    private static PgAuditService service;

    @BeforeAll
    static void start(Vertx vertx, TestDatabase db) {
        TestSchema.migrate(db);
        AuditIT.vertx = vertx;
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(db.pgUri()).using(vertx).build();
        log = new AuditLog();
        appender = new GroupCommitAppender(vertx, pool, log);
        service = new PgAuditService(pool, HASHER);
    }

    @Test
    @Order(1)
    void emptyChainVerifies() throws Exception {
        assertThat(await(service.verify())).isEqualTo(new AuditVerification(true, 0, Optional.empty()));
    }

    @Test
    @Order(2)
    void concurrentAppendsFromManyCallersFormOneUnbrokenChain() throws Exception {
        List<Future<Void>> appends = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Ins who = i % 3 == 0 ? OTHER : PATIENT;
            appends.add(appender.append(event(who, i % 2 == 0)));
        }
        // And some appended inside callers' own transactions, interleaved with the group commits.
        for (int i = 0; i < 5; i++) {
            appends.add(pool.withTransaction(tx -> log.append(tx, event(PATIENT, true))).mapEmpty());
        }
        await(Future.all(appends));

        AuditVerification v = await(service.verify());
        assertThat(v.ok()).isTrue();
        assertThat(v.entries()).isEqualTo(305);
    }

    @Test
    @Order(3)
    void patientHistoryIsTheirOwnEntriesNewestFirstInPages() throws Exception {
        List<AuditEntry> first = await(service.history(PATIENT, Long.MAX_VALUE, 50));
        assertThat(first).hasSize(50);
        assertThat(first).extracting(AuditEntry::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<AuditEntry> next = await(service.history(PATIENT, first.get(49).seq(), 500));
        assertThat(first.size() + next.size()).isEqualTo(200 + 5);
        assertThat(next.get(0).seq()).isLessThan(first.get(49).seq());
        assertThat(first.get(0).actorId()).contains("10001234565");
    }

    @Test
    @Order(4)
    void anAlteredRowIsReportedAsTheFirstBreak(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET allowed = NOT allowed WHERE seq = 123");
            s.executeUpdate("UPDATE audit_log SET rule_id = 'x' WHERE seq = 200");
        }
        AuditVerification v = await(service.verify());
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBreak()).contains(123L);
        assertThat(v.entries()).isEqualTo(305);
    }

    @Test
    @Order(5)
    void aDeletedRowOrTruncatedTailIsABreakToo(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET allowed = NOT allowed WHERE seq = 123"); // undo the earlier change
            s.executeUpdate("UPDATE audit_log SET rule_id = 'care-team' WHERE seq = 200");
        }
        assertThat(await(service.verify()).ok()).isTrue();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_log WHERE seq >= 300");
        }
        assertThat(await(service.verify()).firstBreak()).contains(300L);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_log WHERE seq = 50");
        }
        assertThat(await(service.verify()).firstBreak()).contains(50L);
    }

    private static AuditEvent event(Ins who, boolean allowed) {
        return new AuditEvent(Instant.now(), AuditEvent.PROFESSIONAL, "10001234565", "10", "none",
                AuditAction.LIST_DOCUMENTS, HASHER.hash(who), UUID.randomUUID(), "care-team", allowed, false, null);
    }
}
