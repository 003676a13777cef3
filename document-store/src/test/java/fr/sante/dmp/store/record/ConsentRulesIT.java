package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.person;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each consent rule as the record services apply it, allowed and denied, and the audit entry each call leaves. */
@ExtendWith(EmbeddedPostgresExtension.class)
class ConsentRulesIT {
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void blockedProfessionalIsDeniedWithTheRuleIdEvenInAnEmergency() throws Exception {
        Ins ins = f.activePatient();
        // In care before being blocked: blocking wins over a live care context.
        Actor.Professional blocked = f.inCare(physician(), ins);
        UUID doc = await(f.records().deposit(f.inCare(physician(), ins), ins,
                document(DocumentClass.CONSULTATION_NOTE, "t", "c")));
        f.block(ins, blocked.rpps());

        assertThat(ruleOf(f.records().listDocuments(blocked, ins))).isEqualTo("blocked-professional");
        assertThat(ruleOf(f.records().readDocument(blocked, doc))).isEqualTo("blocked-professional");
        assertThat(ruleOf(f.records().breakGlass(blocked, ins, "arret cardiaque en salle d'attente")))
                .isEqualTo("blocked-professional");
        assertThat(ruleOf(f.records().deposit(blocked, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                .isEqualTo("blocked-professional");
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE actor_id = ? AND NOT allowed "
                + "AND rule_id = 'blocked-professional'", blocked.rpps().value())).isEqualTo(4);
    }

    @Test
    void maskedDocumentIsHiddenFromOtherProfessionalsButNotFromTheTreatingDoctorTheAuthorOrThePatient()
            throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional author = f.inCare(physician(), ins);
        Actor.Professional treating = physician();
        Actor.Professional other = f.inCare(physician(), ins);
        UUID masked = await(f.records().deposit(author, ins, document(DocumentClass.CONSULTATION_NOTE, "m", "m")));
        UUID plain = await(f.records().deposit(author, ins, document(DocumentClass.CONSULTATION_NOTE, "p", "p")));
        f.mask(masked);
        f.treatingDoctor(ins, treating.rpps());

        assertThat(await(f.records().listDocuments(other, ins))).extracting(DocumentSummary::id).containsExactly(plain);
        assertThat(ruleOf(f.records().readDocument(other, masked))).isEqualTo("masked-document");

        assertThat(await(f.records().listDocuments(treating, ins))).extracting(DocumentSummary::id)
                .containsExactly(plain, masked);
        assertThat(await(f.records().readDocument(treating, masked)).content()).isEqualTo("m".getBytes());
        assertThat(await(f.records().readDocument(author, masked)).summary().masked()).isTrue();
        assertThat(await(f.records().listDocuments(new Actor.Patient(ins), ins))).hasSize(2);
    }

    @Test
    void recordNotActiveDeniesProfessionalsReadsAndDeposits() throws Exception {
        Ins ins = StoreFixture.newIns();
        await(f.records().register("admin", ins, person("Invite", RecordState.INVITED)));
        Actor.Professional doctor = physician();

        assertThat(ruleOf(f.records().listDocuments(doctor, ins))).isEqualTo("record-not-active");
        assertThat(ruleOf(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                .isEqualTo("record-not-active");
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", f.recordId(ins))).isZero();
    }

    @Test
    void breakGlassShowsMaskedDocumentsAndIsFlaggedUnlessThePatientOpposedIt() throws Exception {
        Ins ins = f.activePatient();
        UUID masked = await(f.records().deposit(f.inCare(physician(), ins), ins,
                document(DocumentClass.DISCHARGE_SUMMARY, "Sejour", "c")));
        f.mask(masked);
        Actor.Professional emergency = physician(); // no care relationship: the emergency is the way in
        String reason = "patient inconscient, polytraumatisme";

        assertThat(await(f.records().breakGlass(emergency, ins, reason))).extracting(DocumentSummary::id)
                .containsExactly(masked);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = 'BREAK_GLASS' "
                + "AND break_glass AND allowed AND rule_id = 'break-glass' AND reason IS NOT NULL",
                emergency.rpps().value())).isEqualTo(1);
        // The reason is kept, sealed: not readable from the table.
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE position(convert_to('inconscient', 'UTF8') "
                + "IN reason) > 0")).isZero();

        f.opposeEmergencyAccess(ins);
        assertThat(ruleOf(f.records().breakGlass(physician(), ins, reason))).isEqualTo("break-glass-opposed");
    }

    @Test
    void samuRegulatingDoctorReadsAsEmergencyAccessUnlessOpposed() throws Exception {
        Ins ins = f.activePatient();
        await(f.records().deposit(f.inCare(physician(), ins), ins,
                document(DocumentClass.CONSULTATION_NOTE, "t", "c")));
        Actor.Professional samu = StoreFixture.withCategory(Profession.PHYSICIAN, ActorCategory.SAMU_REGULATION);

        assertThat(await(f.records().breakGlass(samu, ins, "appel au centre 15, detresse respiratoire"))).hasSize(1);
        f.opposeEmergencyAccess(ins);
        assertThat(ruleOf(f.records().breakGlass(samu, ins, "appel au centre 15, detresse respiratoire")))
                .isEqualTo("break-glass-opposed");
    }

    @Test
    void insurersAreAlwaysDenied() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional insurer = StoreFixture.withCategory(Profession.PHYSICIAN, ActorCategory.INSURER);
        assertThat(ruleOf(f.records().listDocuments(insurer, ins))).isEqualTo("forbidden-category");
    }

    @Test
    void professionMatrixHidesClassesAProfessionMayNotRead() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        UUID lab = await(f.records().deposit(doctor, ins, document(DocumentClass.LABORATORY_REPORT, "l", "l")));
        UUID note = await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "n", "n")));
        Actor.Professional psychologist = f.inCare(StoreFixture.professional(Profession.PSYCHOLOGIST), ins);

        assertThat(await(f.records().listDocuments(psychologist, ins))).extracting(DocumentSummary::id)
                .containsExactly(note);
        assertThat(ruleOf(f.records().readDocument(psychologist, lab))).isEqualTo("profession-matrix");
    }

    @Test
    void documentWithheldFromThePatientIsHiddenFromThemButNotFromProfessionals() throws Exception {
        Ins ins = f.activePatient();
        UUID withheld = await(f.records().deposit(f.inCare(physician(), ins), ins,
                new NewDocument(DocumentClass.PATHOLOGY_REPORT, "Anapath", "text/plain",
                        "resultat".getBytes(StandardCharsets.UTF_8), true)));
        Actor.Patient patient = new Actor.Patient(ins);

        assertThat(await(f.records().listDocuments(patient, ins))).isEmpty();
        assertThat(ruleOf(f.records().readDocument(patient, withheld))).isEqualTo("withheld-from-patient");
        assertThat(await(f.records().listDocuments(f.inCare(physician(), ins), ins))).hasSize(1);
    }

    @Test
    void aPatientReachesOnlyTheirOwnRecord() throws Exception {
        Ins mine = f.activePatient();
        Ins theirs = f.activePatient();
        UUID theirDoc = await(f.records().deposit(f.inCare(physician(), theirs), theirs,
                document(DocumentClass.CONSULTATION_NOTE, "t", "c")));
        Actor.Patient me = new Actor.Patient(mine);

        assertThat(ruleOf(f.records().listDocuments(me, theirs))).isEqualTo("patient-own-record-only");
        assertThat(failure(f.records().readDocument(me, theirDoc))).isInstanceOf(RecordException.NotFound.class);
    }

    @Test
    void everyCallAllowedOrDeniedAppendsExactlyOneAuditEntry() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        Actor.Professional blocked = physician();
        f.block(ins, blocked.rpps());
        long before = f.auditCount();

        UUID doc = await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c")));
        await(f.records().listDocuments(doctor, ins));
        await(f.records().readDocument(doctor, doc));
        failure(f.records().listDocuments(blocked, ins));
        failure(f.records().readDocument(blocked, doc));

        assertThat(f.auditCount() - before).isEqualTo(5);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE seq > ? AND ins_hash = ? AND actor_kind = "
                + "'PROFESSIONAL' AND profession = '10'", before, f.insHash(ins))).isEqualTo(5);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE seq > ? AND document_id = ? AND "
                + "action = 'READ_DOCUMENT'", before, doc)).isEqualTo(2);
        assertThat(await(f.store.audit().verify()).ok()).isTrue();
    }

    private static String ruleOf(Future<?> call) throws Exception {
        Throwable t = failure(call);
        assertThat(t).isInstanceOf(RecordException.AccessDenied.class);
        return ((RecordException.AccessDenied) t).decision().ruleId();
    }
}
