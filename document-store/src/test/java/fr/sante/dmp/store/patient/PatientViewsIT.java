package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.patient.login.PatientContact;
import fr.sante.dmp.store.patient.overview.AccessPreview;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
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

/** Login checks, the dashboard, the "who can see what" preview and the access history. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PatientViewsIT {
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
    void contactForLoginNeedsTheRightBirthDateAndSaysNothingOtherwise() throws Exception {
        Ins ins = f.activePatient();

        PatientContact contact = await(p.patients().login().contactForLogin(ins, BIRTH)).orElseThrow();
        assertThat(contact.phone()).contains("+33612345678");
        assertThat(contact.email()).contains("camille@example.org");
        assertThat(contact.language()).isEqualTo("fr");

        assertThat(await(p.patients().login().contactForLogin(ins, BIRTH.plusDays(1)))).isEmpty();
        assertThat(await(p.patients().login().contactForLogin(StoreFixture.newIns(), BIRTH))).isEmpty();
    }

    @Test
    void anInvitationCodeOpensOppositionOnlyWithTheRightIdentityAndBeforeItExpires() throws Exception {
        Ins ins = p.invitedPatient();
        String code = p.audited(ins, "ISSUE_INVITATION_CODE", true, "invitation-code-issued",
                () -> await(p.patients().login().issueInvitationCode("campaign-2026", ins)));

        assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
        assertThat((byte[]) p.recordColumn(ins, "invitation_code_hash")).hasSize(32);
        assertThat(p.recordColumn(ins, "invitation_code_expires_at"))
                .isEqualTo(p.recordColumn(ins, "opposition_deadline"));
        assertThat(await(p.patients().login().checkInvitationCode(ins, BIRTH, code))).isTrue();
        assertThat(await(p.patients().login().checkInvitationCode(ins, BIRTH, code.toLowerCase().replace("-", ""))))
                .isTrue();
        assertThat(await(p.patients().login().checkInvitationCode(ins, BIRTH.minusDays(1), code))).isFalse();
        assertThat(await(p.patients().login().checkInvitationCode(ins, BIRTH, "AAAA-BBBB-CCCC"))).isFalse();
        assertThat(await(p.patients().login().checkInvitationCode(StoreFixture.newIns(), BIRTH, code))).isFalse();

        String regenerated = await(p.patients().login().issueInvitationCode("campaign-2026", ins));
        assertThat(await(p.patients().login().checkInvitationCode(ins, BIRTH, code))).isFalse();
        assertThat(await(p.patients().login().checkInvitationCode(ins, BIRTH, regenerated))).isTrue();

        f.update("UPDATE record SET invitation_code_expires_at = now() - interval '1 second' WHERE ins_hash = ?",
                f.insHash(ins));
        assertThat(await(p.patients().login().checkInvitationCode(ins, BIRTH, regenerated))).isFalse();
    }

    @Test
    void overviewShowsStateDeadlineNameAndChoices() throws Exception {
        Ins ins = p.invitedPatient();

        PatientOverview o = await(p.patients().overview().overview(ins));

        assertThat(o.state()).isEqualTo(RecordState.INVITED);
        assertThat(o.oppositionDeadline()).isPresent();
        assertThat(o.givenName()).isEqualTo("Camille");
        assertThat(o.treatingDoctorRpps()).isEmpty();
        assertThat(o.emergencyAccessOpposed()).isFalse();
        assertThat(o.blockedRpps()).isEmpty();
        assertThat(o.alerts()).isEqualTo(AlertPreferences.DEFAULT);
        assertThat(o.documentCount()).isZero();
    }

    @Test
    void previewForAPharmacistFollowsTheMatrixAndMaskingWithReasons() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional author = f.inCare(physician(), ins); // in care, and known to the directory as a physician
        UUID note = await(f.records().deposit(author, ins, document(DocumentClass.CONSULTATION_NOTE, "note", "n")));
        UUID lab = await(f.records().deposit(author, ins, document(DocumentClass.LABORATORY_REPORT, "bilan", "b")));
        UUID prescription = await(f.records().deposit(author, ins,
                document(DocumentClass.PRESCRIPTION, "ordonnance", "o")));
        await(p.patients().choices().setMasked(ins, prescription, true));
        await(p.patients().choices().setTreatingDoctor(ins, Optional.of(author.rpps())));

        AccessPreview preview = await(p.patients().overview().preview(ins, Profession.PHARMACIST));

        assertThat(preview.professionCode()).isEqualTo("21");
        assertThat(preview.items()).hasSize(3);
        assertThat(item(preview, lab)).satisfies(i -> {
            assertThat(i.visible()).isTrue();
            assertThat(i.ruleId()).isEqualTo("care-team");
            assertThat(i.title()).isEqualTo("bilan");
        });
        assertThat(item(preview, note)).satisfies(i -> {
            assertThat(i.visible()).isFalse();
            assertThat(i.ruleId()).isEqualTo("profession-matrix");
        });
        assertThat(item(preview, prescription)).satisfies(i -> {
            assertThat(i.visible()).isFalse();
            assertThat(i.ruleId()).isEqualTo("masked-document");
        });
        assertThat(preview.items()).allSatisfy(i -> {
            assertThat(i.reasonFr()).isNotBlank();
            assertThat(i.reasonEn()).isNotBlank().isNotEqualTo(i.reasonFr());
        });
        assertThat(failure(p.patients().overview().preview(ins, null))).isInstanceOf(RecordException.Invalid.class);
    }

    @Test
    void accessHistoryIsNewestFirstWithBreakGlassFlaggedAndReasonsInBothLanguages() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins); // the patient's care code, then the context it opens
        await(f.records().listDocuments(doctor, ins));
        await(f.records().breakGlass(physician(), ins, "patient inconscient aux urgences"));
        await(p.patients().choices().setEmergencyAccessOpposed(ins, true));

        AccessHistoryPage first = await(p.patients().history().accessHistory(ins, 0, 2));
        AccessHistoryPage second = await(p.patients().history().accessHistory(ins, 1, 2));
        AccessHistoryPage third = await(p.patients().history().accessHistory(ins, 2, 2));

        assertThat(first.entries()).extracting(AccessHistoryPage.Entry::action)
                .containsExactly("SET_EMERGENCY_ACCESS_OPPOSED", "BREAK_GLASS");
        assertThat(first.hasNext()).isTrue();
        AccessHistoryPage.Entry mine = first.entries().get(0);
        assertThat(mine.actorKind()).isEqualTo("PATIENT");
        assertThat(mine.rpps()).isEmpty();
        assertThat(mine.reasonFr()).contains("vous-même");
        AccessHistoryPage.Entry emergency = first.entries().get(1);
        assertThat(emergency.breakGlass()).isTrue();
        assertThat(emergency.ruleId()).isEqualTo("break-glass");
        assertThat(emergency.professionCode()).contains("10");
        assertThat(emergency.reasonFr()).isNotBlank();
        assertThat(emergency.reasonEn()).isNotBlank();

        assertThat(second.entries()).extracting(AccessHistoryPage.Entry::action)
                .containsExactly("LIST_DOCUMENTS", "OPEN_CARE_CONTEXT");
        assertThat(second.entries().get(0).rpps()).contains(doctor.rpps().value());
        assertThat(second.entries().get(0).breakGlass()).isFalse();
        assertThat(second.entries().get(0).ruleId()).isEqualTo("care-team");
        AccessHistoryPage.Entry opened = second.entries().get(1);
        assertThat(opened.rpps()).contains(doctor.rpps().value());
        assertThat(opened.ruleId()).isEqualTo("care-context-opened");
        assertThat(opened.reasonFr()).contains("code de soins");
        assertThat(opened.reasonEn()).contains("care code");
        assertThat(second.hasNext()).isTrue();

        assertThat(third.entries()).extracting(AccessHistoryPage.Entry::action)
                .containsExactly("ISSUE_CARE_CODE", "REGISTER");
        assertThat(third.entries().get(0).actorKind()).isEqualTo("PATIENT");
        assertThat(third.entries().get(1).actorKind()).isEqualTo("OPERATOR");
        assertThat(third.entries().get(1).reasonEn()).isEqualTo("Your record was created.");
        assertThat(third.hasNext()).isFalse();

        assertThat(failure(p.patients().history().accessHistory(ins, 0, 0))).isInstanceOf(RecordException.Invalid.class);
        assertThat(failure(p.patients().history().accessHistory(ins, 1_000_000, 50)))
                .isInstanceOf(RecordException.Invalid.class);
    }

    private static AccessPreview.Item item(AccessPreview preview, UUID id) {
        return preview.items().stream().filter(i -> i.documentId().equals(id)).findFirst().orElseThrow();
    }
}
