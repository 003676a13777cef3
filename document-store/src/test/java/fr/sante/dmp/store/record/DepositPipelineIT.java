package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditOptions;
import fr.sante.dmp.store.audit.CheckpointKeys;
import fr.sante.dmp.store.audit.AuditVerification;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deposit's group-committed transaction (BEGIN and COMMIT pipelined, the audit head locked last): a failure at
 * any step leaves neither the documents nor their audit entries, is never acknowledged, and leaves no connection
 * inside a transaction; a deposit whose key does not open fails alone; concurrent deposits keep one unbroken, signed
 * chain.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DepositPipelineIT {
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        // Signed every 4 entries: batches of deposits cross checkpoint positions, each signed in its batch.
        f = StoreFixture.start(db, o -> o.withAudit(new AuditOptions(Optional.of(CheckpointKeys.generateSigningKey()),
                List.of(), 4, Duration.ZERO)));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void anAuditEntryThatFailsAfterTheDocumentWasWrittenTakesTheDocumentWithIt() throws Exception {
        Ins ins = f.activePatient();
        UUID record = f.recordId(ins);
        Actor.Professional doctor = f.inCare(physician(), ins); // allowed: the failure is the audit's, not consent's
        f.update("CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'audit disk full (simulated)'; END $$");
        f.update("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit()");
        long audit = f.auditCount();
        try {
            // The COMMIT was already queued behind the failing insert: PostgreSQL turned it into a rollback, the
            // documents' rows of the batch with it.
            for (int i = 0; i < 3; i++) {
                assertThat(failure(f.records().deposit(doctor, ins,
                        document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                        .isInstanceOf(RecordException.Unavailable.class);
            }
        } finally {
            f.update("DROP TRIGGER fail_audit ON audit_log");
            f.update("DROP FUNCTION fail_audit()");
        }
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", record)).isZero();
        assertThat(f.count("SELECT count(*) FROM document_content c JOIN document d ON d.id = c.document_id "
                + "WHERE d.record_id = ?", record)).isZero();
        assertThat(f.auditCount()).isEqualTo(audit);
        assertThat(idleInTransaction()).isZero();
        assertThat(await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                .isNotNull();
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", record)).isEqualTo(1);
    }

    @Test
    void aKeyThatFailsToOpenAfterBeginEndsTheTransactionAndTheNextDepositsSucceed() throws Exception {
        Ins broken = f.activePatient();
        UUID brokenRecord = f.recordId(broken);
        // The doctor is let in by care code, which needs no data key: the deposit fails on the key, not on consent.
        Actor.Professional doctor = f.inCare(physician(), broken);
        // A wrapped key that no held master key opens (same format byte, garbage after): fails closed in Java,
        // between the pipelined BEGIN and any write.
        f.update("UPDATE record SET wrapped_key = decode('02' || repeat('ab', 64), 'hex') WHERE id = ?", brokenRecord);
        Ins fine = f.activePatient();
        f.inCare(doctor, fine);
        long audit = f.auditCount();
        for (int i = 0; i < 5; i++) {
            assertThat(failure(f.records().deposit(doctor, broken,
                    document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                    .isInstanceOf(RecordException.Unavailable.class);
        }
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", brokenRecord)).isZero();
        assertThat(f.auditCount()).isEqualTo(audit);
        assertThat(idleInTransaction()).isZero();

        for (int i = 0; i < 5; i++) {
            assertThat(await(f.records().deposit(doctor, fine,
                    document(DocumentClass.CONSULTATION_NOTE, "t" + i, "c")))).isNotNull();
        }
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", f.recordId(fine))).isEqualTo(5);
        assertThat(f.auditCount()).isEqualTo(audit + 5);
    }

    @Test
    void concurrentDepositsEachCommitWithTheirOwnEntryAndTheChainHolds() throws Exception {
        List<Ins> patients = new ArrayList<>();
        List<Actor.Professional> doctors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Ins ins = f.activePatient();
            patients.add(ins);
            doctors.add(f.inCare(physician(), ins));
        }
        long audit = f.auditCount();
        List<Future<UUID>> deposits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            deposits.add(f.records().deposit(doctors.get(i % patients.size()), patients.get(i % patients.size()),
                    document(DocumentClass.CONSULTATION_NOTE, "t" + i, "content " + i)));
        }
        await(Future.all(deposits));
        for (Future<UUID> d : deposits) {
            assertThat(f.count("SELECT count(*) FROM audit_log WHERE document_id = ? AND action = 'DEPOSIT'",
                    d.result())).isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM document_content WHERE document_id = ?", d.result()))
                    .isEqualTo(1);
        }
        assertThat(f.auditCount()).isEqualTo(audit + 40);
        AuditVerification verdict = await(f.store.audit().verify());
        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.entries()).isEqualTo(f.auditCount());
        assertThat(verdict.checkpoints()).isGreaterThanOrEqualTo(f.auditCount() / 4);
        assertThat(f.count("SELECT count(*) FROM audit_checkpoint WHERE seq % 4 = 0"))
                .isEqualTo(f.count("SELECT count(*) FROM audit_log WHERE seq % 4 = 0"));
        assertThat(idleInTransaction()).isZero();
    }

    @Test
    void aBatchMixingAllowedDeniedUnknownAndBrokenDepositsAnswersEachOnItsOwn() throws Exception {
        Ins fine = f.activePatient();
        Ins blocking = f.activePatient();
        Ins broken = f.activePatient();
        Actor.Professional doctor = physician();
        // In care with all three, so that each refusal below has exactly one cause: the block, the person, the key.
        f.inCare(doctor, fine);
        f.inCare(doctor, blocking);
        f.inCare(doctor, broken);
        f.block(blocking, doctor.rpps());
        f.update("UPDATE record SET wrapped_key = decode('02' || repeat('ab', 64), 'hex') WHERE id = ?",
                f.recordId(broken));
        Ins nobody = StoreFixture.newIns();
        long audit = f.auditCount();
        // Submitted together: the first leaves alone, the rest queue behind it and share the next transaction.
        List<Future<UUID>> allowed = new ArrayList<>();
        List<Future<UUID>> denied = new ArrayList<>();
        List<Future<UUID>> unknown = new ArrayList<>();
        List<Future<UUID>> unopened = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            allowed.add(f.records().deposit(doctor, fine, document(DocumentClass.CONSULTATION_NOTE, "ok" + i, "c")));
            denied.add(f.records().deposit(doctor, blocking, document(DocumentClass.CONSULTATION_NOTE, "b", "c")));
            unknown.add(f.records().deposit(doctor, nobody, document(DocumentClass.CONSULTATION_NOTE, "n", "c")));
            unopened.add(f.records().deposit(doctor, broken, document(DocumentClass.CONSULTATION_NOTE, "k", "c")));
        }
        for (int i = 0; i < 6; i++) {
            UUID id = await(allowed.get(i));
            assertThat(f.count("SELECT count(*) FROM document_content WHERE document_id = ?", id)).isEqualTo(1);
            assertThat(failure(denied.get(i))).isInstanceOf(RecordException.AccessDenied.class);
            assertThat(failure(unknown.get(i))).isInstanceOf(RecordException.NotFound.class);
            assertThat(failure(unopened.get(i))).isInstanceOf(RecordException.Unavailable.class);
        }
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", f.recordId(fine))).isEqualTo(6);
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", f.recordId(blocking))).isZero();
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", f.recordId(broken))).isZero();
        // Allowed, denied and unknown each leave their entry; a key that does not open leaves none.
        assertThat(f.auditCount()).isEqualTo(audit + 18);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE seq > ? AND action = 'DEPOSIT' AND NOT allowed",
                audit)).isEqualTo(12);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE seq > ? AND rule_id = 'record-not-found'", audit))
                .isEqualTo(6);
        assertThat(await(f.store.audit().verify()).ok()).isTrue();
        assertThat(idleInTransaction()).isZero();
    }

    @Test
    void theTransactionPlansItsStatementsGenericallyAndLeavesTheSessionAsItWas() throws Exception {
        // One connection: the session that ran the transaction is the one asked afterwards.
        io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool()
                .with(new io.vertx.sqlclient.PoolOptions().setMaxSize(1))
                .connectingTo(io.vertx.pgclient.PgConnectOptions.fromUri(f.db.pgUri())).using(f.vertx).build();
        try {
            String inside = await(PipelinedTransaction.run(pool, tx -> {
                Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> mode =
                        tx.connection().query("SHOW plan_cache_mode").execute();
                return tx.commit(List.of(mode)).map(v -> mode.result().iterator().next().getString(0));
            }));
            assertThat(inside).isEqualTo("force_generic_plan");
            String after = await(pool.query("SHOW plan_cache_mode").execute()
                    .map(rows -> rows.iterator().next().getString(0)));
            assertThat(after).isEqualTo("auto");
        } finally {
            await(pool.close());
        }
    }

    private static long idleInTransaction() throws Exception {
        return f.count("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' "
                + "AND pid <> pg_backend_pid()");
    }
}
