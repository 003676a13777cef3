package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.patient.choices.ResearchUse;
import static fr.sante.dmp.store.patient.PatientLifecycleIT.ruleOf;
import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The patient's consent choices, in force on the professional's very next request, each leaving one audit entry. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PatientChoicesIT {
    private static final String REASON = "patient inconscient aux urgences";
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
    void maskingHidesADocumentFromANonTreatingDoctorOnTheVeryNextListButNotFromTheTreatingDoctor() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional author = f.inCare(physician(), ins);
        Actor.Professional treating = physician();
        await(f.store.careContexts().seen(treating)); // only a physician of the directory can be chosen
        Actor.Professional other = f.inCare(physician(), ins);
        UUID sensitive = await(f.records().deposit(author, ins, document(DocumentClass.CONSULTATION_NOTE, "s", "s")));
        UUID plain = await(f.records().deposit(author, ins, document(DocumentClass.CONSULTATION_NOTE, "p", "p")));
        p.audited(ins, "SET_TREATING_DOCTOR", true, "patient-choice",
                () -> await(p.patients().choices().setTreatingDoctor(ins, Optional.of(treating.rpps()))));
        assertThat(ids(other, ins)).containsExactlyInAnyOrder(plain, sensitive);

        p.audited(ins, "MASK_DOCUMENT", true, "patient-choice",
                () -> await(p.patients().choices().setMasked(ins, sensitive, true)));

        assertThat(ids(other, ins)).containsExactly(plain);
        assertThat(ids(treating, ins)).containsExactlyInAnyOrder(plain, sensitive);
        assertThat(ids(author, ins)).containsExactlyInAnyOrder(plain, sensitive);

        p.audited(ins, "UNMASK_DOCUMENT", true, "patient-choice",
                () -> await(p.patients().choices().setMasked(ins, sensitive, false)));
        assertThat(ids(other, ins)).containsExactlyInAnyOrder(plain, sensitive);

        await(p.patients().choices().setTreatingDoctor(ins, Optional.empty()));
        assertThat(await(p.patients().overview().overview(ins)).treatingDoctorRpps()).isEmpty();
    }

    @Test
    void maskingAnotherPatientsDocumentIsNotFoundAndChangesNothing() throws Exception {
        Ins mine = f.activePatient();
        Ins theirs = f.activePatient();
        UUID doc = await(f.records().deposit(f.inCare(physician(), theirs), theirs,
                document(DocumentClass.CONSULTATION_NOTE, "t", "c")));

        p.refused(mine, "MASK_DOCUMENT", "document-not-found", RecordException.NotFound.class,
                () -> p.patients().choices().setMasked(mine, doc, true));

        assertThat(f.count("SELECT count(*) FROM document WHERE id = ? AND masked", doc)).isZero();
    }

    @Test
    void aBlockedProfessionalIsDeniedOnTheNextRequestAndUnblockingRestoresAccess() throws Exception {
        Ins ins = f.activePatient();
        // In care, so that the block is what shuts them out and unblocking what lets them back in.
        Actor.Professional doctor = f.inCare(physician(), ins);
        await(f.records().deposit(f.inCare(physician(), ins), ins,
                document(DocumentClass.CONSULTATION_NOTE, "t", "c")));

        p.audited(ins, "BLOCK_PROFESSIONAL", true, "patient-choice",
                () -> await(p.patients().choices().setBlocked(ins, doctor.rpps(), true)));

        assertThat(ruleOf(f.records().listDocuments(doctor, ins))).isEqualTo("blocked-professional");
        assertThat(ruleOf(f.records().breakGlass(doctor, ins, REASON))).isEqualTo("blocked-professional");
        assertThat(await(p.patients().overview().overview(ins)).blockedRpps()).containsExactly(doctor.rpps().value());
        // Blocking twice is harmless.
        await(p.patients().choices().setBlocked(ins, doctor.rpps(), true));

        p.audited(ins, "UNBLOCK_PROFESSIONAL", true, "patient-choice",
                () -> await(p.patients().choices().setBlocked(ins, doctor.rpps(), false)));
        assertThat(await(f.records().listDocuments(doctor, ins))).hasSize(1);
    }

    @Test
    void opposingEmergencyAccessDeniesBreakGlassAndAllowingItAgainRestoresIt() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional emergency = physician();

        p.audited(ins, "SET_EMERGENCY_ACCESS_OPPOSED", true, "patient-choice",
                () -> await(p.patients().choices().setEmergencyAccessOpposed(ins, true)));

        assertThat(ruleOf(f.records().breakGlass(emergency, ins, REASON))).isEqualTo("break-glass-opposed");
        assertThat(await(p.patients().overview().overview(ins)).emergencyAccessOpposed()).isTrue();

        await(p.patients().choices().setEmergencyAccessOpposed(ins, false));
        assertThat(await(f.records().breakGlass(emergency, ins, REASON))).isEmpty();
    }

    @Test
    void theResearchUseObjectionFollowsTheLawsDefaultIsKeptAndAudited() throws Exception {
        Ins ins = f.activePatient();
        ResearchUse never = await(p.patients().choices().researchUse(ins));
        assertThat(never.objected()).isFalse();
        assertThat(never.chosen()).isFalse();

        p.audited(ins, "SET_RESEARCH_USE", true, "patient-choice",
                () -> await(p.patients().choices().setResearchUse(ins, true)));

        ResearchUse objected = await(p.patients().choices().researchUse(ins));
        assertThat(objected.objected()).isTrue();
        assertThat(objected.chosen()).isTrue();
        await(p.patients().choices().setResearchUse(ins, false));
        assertThat(await(p.patients().choices().researchUse(ins)).objected()).isFalse();
    }

    @Test
    void alertChoicesAndLanguageAreKept() throws Exception {
        Ins ins = f.activePatient();
        assertThat(await(p.patients().overview().overview(ins)).alerts()).isEqualTo(AlertPreferences.DEFAULT);
        AlertPreferences chosen = new AlertPreferences(true, false, true, AlertPreferences.Channel.EMAIL);

        p.audited(ins, "SET_ALERTS", true, "patient-choice", () -> await(p.patients().choices().setAlerts(ins, chosen)));
        p.audited(ins, "SET_LANGUAGE", true, "patient-choice", () -> await(p.patients().choices().setLanguage(ins, "en")));

        assertThat(await(p.patients().overview().overview(ins)).alerts()).isEqualTo(chosen);
        assertThat(await(p.patients().login().contactForLogin(ins, LocalDate.of(1985, 5, 12))).orElseThrow().language())
                .isEqualTo("en");
        assertThat(failure(p.patients().choices().setLanguage(ins, "de"))).isInstanceOf(RecordException.Invalid.class);
        assertThat(failure(p.patients().choices().setAlerts(ins, null))).isInstanceOf(RecordException.Invalid.class);
    }

    @Test
    void anOpposedRecordHasNoChoicesLeftToChange() throws Exception {
        Ins ins = p.invitedPatient();
        await(p.patients().lifecycle().oppose(ins));

        p.refused(ins, "SET_EMERGENCY_ACCESS_OPPOSED", "lifecycle-conflict", RecordException.Conflict.class,
                () -> p.patients().choices().setEmergencyAccessOpposed(ins, true));
    }

    private static java.util.List<UUID> ids(Actor actor, Ins ins) throws Exception {
        return await(f.records().listDocuments(actor, ins)).stream().map(DocumentSummary::id).toList();
    }
}
