package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.patient.lifecycle.OppositionEscrows;
import fr.sante.dmp.store.patient.lifecycle.OppositionReceipt;
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
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The patient's lifecycle changes: opposition and its withdrawal, early activation, closing, reopening, deletion. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PatientLifecycleIT {
    private static final LocalDate BIRTH = LocalDate.of(1985, 5, 12);
    private static StoreFixture f;
    private static PatientSupport p;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
        p = new PatientSupport(f);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void oppositionWithinTheWindowDestroysTheKeyErasesEverythingButTheProof() throws Exception {
        Ins ins = p.invitedPatient();
        UUID recordId = f.recordId(ins);
        await(p.patients().directives().saveDirectivesDraft(ins, PatientDirectivesIT.content("pas d'acharnement")));
        await(p.patients().choices().setBlocked(ins, StoreFixture.newRpps(), true));
        await(p.patients().choices().setAlerts(ins, new AlertPreferences(true, true, true, AlertPreferences.Channel.EMAIL)));
        // While invited, the patient let a doctor in from their space and showed a care code.
        Actor.Professional doctor = physician();
        await(f.store.careContexts().seen(doctor));
        await(f.store.careContexts().grant(ins, doctor.rpps(), 90));
        await(f.store.careContexts().issueCareCode(ins));
        // An INVITED record takes no deposits; a document put there directly must still be erased.
        UUID doc = UUID.randomUUID();
        f.update("INSERT INTO document (id, record_id, class_code, deposited_at, content_type, size, title) "
                + "VALUES (?, ?, '11488-4', now(), 'text/plain', 1, '\\x01'::bytea)", doc, recordId);
        f.update("INSERT INTO document_content (document_id, content) VALUES (?, '\\x01'::bytea)", doc);
        Object deadline = p.recordColumn(ins, "opposition_deadline");

        OppositionReceipt receipt = p.audited(ins, "OPPOSE", true, "patient-choice",
                () -> await(p.patients().lifecycle().oppose(ins)));

        assertThat(p.state(ins)).isEqualTo(RecordState.OPPOSED);
        assertThat(p.recordColumn(ins, "wrapped_key")).isNull();
        assertThat(p.recordColumn(ins, "identity")).isNull();
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", recordId)).isZero();
        assertThat(f.count("SELECT count(*) FROM document_content WHERE document_id = ?", doc)).isZero();
        assertThat(f.count("SELECT count(*) FROM advance_directive WHERE record_id = ?", recordId)).isZero();
        assertThat(f.count("SELECT count(*) FROM blocked_professional WHERE record_id = ?", recordId)).isZero();
        assertThat(f.count("SELECT count(*) FROM alert_preferences WHERE record_id = ?", recordId)).isZero();
        assertThat(f.count("SELECT count(*) FROM care_context WHERE record_id = ?", recordId)).isZero();
        assertThat(f.count("SELECT count(*) FROM care_code WHERE record_id = ?", recordId)).isZero();
        // The proof: the INS hash, the invitation instants and the receipt, its code only hashed.
        assertThat(f.recordId(ins)).isEqualTo(recordId);
        assertThat(((java.sql.Timestamp) deadline).toInstant()).isEqualTo(receipt.windowClosesAt());
        assertThat(receipt.verificationCode()).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");
        assertThat(f.count("SELECT count(*) FROM opposition_receipt WHERE record_id = ? AND withdrawn_at IS NULL "
                + "AND position(convert_to(?, 'UTF8') in code_hash) = 0", recordId, receipt.verificationCode()))
                .isEqualTo(1);
        // Nobody reads anything any more (to a professional the person is as unknown as someone never registered, by
        // the same path: the lookup finds no row, and the entry says so), and the identity cannot be checked.
        Throwable opposed = failure(f.records().listDocuments(doctor, ins));
        Throwable unknown = failure(f.records().listDocuments(doctor, StoreFixture.newIns()));
        assertThat(opposed).isInstanceOf(RecordException.NotFound.class).hasMessage(unknown.getMessage());
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE ins_hash = ? AND actor_id = ? AND NOT allowed "
                + "AND rule_id = 'record-not-found'", f.insHash(ins), doctor.rpps().value())).isEqualTo(1);
        assertThat(await(p.patients().login().contactForLogin(ins, BIRTH))).isEmpty();
        assertThat(await(p.patients().overview().overview(ins)).state()).isEqualTo(RecordState.OPPOSED);
    }

    @Test
    void oppositionAfterTheDeadlineIsAConflictAndChangesNothing() throws Exception {
        Ins ins = p.invitedPatient();
        p.windowClosed(ins);

        RecordException.Conflict e = p.refused(ins, "OPPOSE", "lifecycle-conflict", RecordException.Conflict.class,
                () -> p.patients().lifecycle().oppose(ins));

        assertThat(e.getMessage()).contains("opposition window closed").contains("close");
        assertThat(p.state(ins)).isEqualTo(RecordState.INVITED);
        assertThat(p.recordColumn(ins, "wrapped_key")).isNotNull();
    }

    @Test
    void opposingAnOpenRecordIsAConflictThatPointsToClosing() throws Exception {
        Ins ins = f.activePatient();

        RecordException.Conflict e = p.refused(ins, "OPPOSE", "lifecycle-conflict", RecordException.Conflict.class,
                () -> p.patients().lifecycle().oppose(ins));

        assertThat(e.getMessage()).contains("closing the record");
        assertThat(p.state(ins)).isEqualTo(RecordState.ACTIVE);
    }

    @Test
    void withdrawalFromTheReceiptRestoresAnInvitedRecordWithANewKeyAndTheIdentity() throws Exception {
        Ins ins = p.invitedPatient();
        byte[] oldKey = (byte[]) p.recordColumn(ins, "wrapped_key");
        OppositionReceipt receipt = await(p.patients().lifecycle().oppose(ins));

        p.refused(ins, "WITHDRAW_OPPOSITION", "receipt-code-mismatch", RecordException.Invalid.class,
                () -> p.patients().lifecycle().withdrawOpposition(ins, "AAAA-BBBB-CCCC-DDDD"));
        assertThat(p.state(ins)).isEqualTo(RecordState.OPPOSED);

        String typed = receipt.verificationCode().toLowerCase().replace("-", " ");
        p.audited(ins, "WITHDRAW_OPPOSITION", true, "patient-choice",
                () -> await(p.patients().lifecycle().withdrawOpposition(ins, typed)));

        assertThat(p.state(ins)).isEqualTo(RecordState.INVITED);
        assertThat((byte[]) p.recordColumn(ins, "wrapped_key")).isNotNull().isNotEqualTo(oldKey);
        assertThat(await(p.patients().login().contactForLogin(ins, BIRTH))).isPresent();
        assertThat(await(p.patients().overview().overview(ins)).givenName()).isEqualTo("Camille");
        assertThat(f.count("SELECT count(*) FROM opposition_receipt WHERE record_id = ? AND withdrawn_at IS NOT NULL "
                + "AND identity_escrow IS NULL", f.recordId(ins))).isEqualTo(1);
        // A second withdrawal has no open receipt left.
        assertThat(failure(p.patients().lifecycle().withdrawOpposition(ins, receipt.verificationCode())))
                .isInstanceOf(RecordException.Invalid.class);
    }

    @Test
    void withdrawalAfterTheWindowIsAConflictAndTheOppositionIsFinal() throws Exception {
        Ins ins = p.invitedPatient();
        OppositionReceipt receipt = await(p.patients().lifecycle().oppose(ins));
        p.windowClosed(ins);

        RecordException.Conflict e = p.refused(ins, "WITHDRAW_OPPOSITION", "lifecycle-conflict",
                RecordException.Conflict.class, () -> p.patients().lifecycle().withdrawOpposition(ins, receipt.verificationCode()));

        assertThat(e.getMessage()).contains("final");
        assertThat(p.state(ins)).isEqualTo(RecordState.OPPOSED);
    }

    @Test
    void escrowedIdentitiesAreErasedOnceTheWindowHasClosed() throws Exception {
        Ins open = p.invitedPatient();
        Ins closed = p.invitedPatient();
        await(p.patients().lifecycle().oppose(open));
        await(p.patients().lifecycle().oppose(closed));
        p.windowClosed(closed);
        Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(f.db.pgUri())).using(f.vertx).build();
        try {
            await(pool.withTransaction(tx -> OppositionEscrows.eraseExpired(tx, Instant.now())));
        } finally {
            await(pool.close());
        }
        String sql = "SELECT count(*) FROM opposition_receipt WHERE record_id = ? AND identity_escrow IS NOT NULL";
        assertThat(f.count(sql, f.recordId(closed))).isZero();
        assertThat(f.count(sql, f.recordId(open))).isEqualTo(1);
    }

    @Test
    void earlyActivationOpensTheRecordToProfessionalsAtOnce() throws Exception {
        Ins ins = p.invitedPatient();
        // The treating doctor the patient chose: the record's state is all that keeps them out.
        Actor.Professional doctor = physician();
        f.treatingDoctor(ins, doctor.rpps());
        assertThat(ruleOf(f.records().listDocuments(doctor, ins))).isEqualTo("record-not-active");

        p.audited(ins, "ACTIVATE", true, "patient-choice", () -> await(p.patients().lifecycle().activateEarly(ins)));

        assertThat(p.state(ins)).isEqualTo(RecordState.ACTIVE);
        assertThat(await(f.records().listDocuments(doctor, ins))).isEmpty();
        p.refused(ins, "ACTIVATE", "lifecycle-conflict", RecordException.Conflict.class,
                () -> p.patients().lifecycle().activateEarly(ins));
    }

    @Test
    void closingShutsProfessionalsOutAndReopeningRestoresTheRecord() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        UUID doc = await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "cr", "x")));

        p.audited(ins, "CLOSE", true, "patient-choice", () -> await(p.patients().lifecycle().close(ins)));
        assertThat(p.state(ins)).isEqualTo(RecordState.CLOSED);
        assertThat(p.recordColumn(ins, "closed_at")).isNotNull();
        assertThat(ruleOf(f.records().listDocuments(doctor, ins))).isEqualTo("record-not-active");
        assertThat(await(f.records().listDocuments(new Actor.Patient(ins), ins))).hasSize(1);

        p.audited(ins, "REOPEN", true, "patient-choice", () -> await(p.patients().lifecycle().reopen(ins)));
        assertThat(p.state(ins)).isEqualTo(RecordState.ACTIVE);
        assertThat(p.recordColumn(ins, "closed_at")).isNull();
        assertThat(await(f.records().readDocument(doctor, doc)).content()).isEqualTo("x".getBytes());
        p.refused(ins, "REOPEN", "lifecycle-conflict", RecordException.Conflict.class, () -> p.patients().lifecycle().reopen(ins));
    }

    @Test
    void deletionRequestClosesTheRecordOnceAndReopeningCancelsIt() throws Exception {
        Ins ins = f.activePatient();

        p.audited(ins, "REQUEST_DELETION", true, "patient-choice", () -> await(p.patients().lifecycle().requestDeletion(ins)));
        assertThat(p.state(ins)).isEqualTo(RecordState.CLOSED);
        assertThat(p.recordColumn(ins, "deletion_requested_at")).isNotNull();
        RecordException.Conflict again = p.refused(ins, "REQUEST_DELETION", "lifecycle-conflict",
                RecordException.Conflict.class, () -> p.patients().lifecycle().requestDeletion(ins));
        assertThat(again.getMessage()).contains("already requested");

        await(p.patients().lifecycle().reopen(ins));
        assertThat(p.recordColumn(ins, "deletion_requested_at")).isNull();
        assertThat(p.state(ins)).isEqualTo(RecordState.ACTIVE);
    }

    @Test
    void anUnknownPatientIsNotFound() throws Exception {
        Ins nobody = StoreFixture.newIns();
        p.refused(nobody, "CLOSE", "record-not-found", RecordException.NotFound.class, () -> p.patients().lifecycle().close(nobody));
        assertThat(failure(p.patients().overview().overview(nobody))).isInstanceOf(RecordException.NotFound.class);
    }

    static String ruleOf(io.vertx.core.Future<?> call) throws Exception {
        Throwable t = failure(call);
        assertThat(t).isInstanceOf(RecordException.AccessDenied.class);
        return ((RecordException.AccessDenied) t).decision().ruleId();
    }
}
