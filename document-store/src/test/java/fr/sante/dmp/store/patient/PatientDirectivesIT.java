package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent;
import static fr.sante.dmp.store.patient.PatientLifecycleIT.ruleOf;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.directives.AdvanceDirective.Status;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Model;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Treatment;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.TrustedPerson;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Wish;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Advance directives: drafts, signature, revocation, versions, and professionals' audited reads. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PatientDirectivesIT {
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

    static AdvanceDirectiveContent content(String freeText) {
        return new AdvanceDirectiveContent(Model.B_GOOD_HEALTH,
                Map.of(Treatment.RESUSCITATION, Wish.REFUSE, Treatment.DIALYSIS, Wish.ACCEPT), Wish.ACCEPT, freeText,
                Optional.of(new TrustedPerson("Alex Durand", "+33600000000")), false);
    }

    @Test
    void theLatestSignedVersionWinsForProfessionalsAndRevokingLeavesNoneInForce() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);

        AdvanceDirective v1 = p.audited(ins, "SAVE_DIRECTIVES", true, "patient-choice",
                () -> await(p.patients().directives().saveDirectivesDraft(ins, content("premier texte"))));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.status()).isEqualTo(Status.DRAFT);
        assertThat(await(p.patients().directives().directives(ins))).contains(v1);
        assertThat(await(f.store.directives().readDirectives(doctor, ins))).as("drafts never reach professionals")
                .isEmpty();

        AdvanceDirective signed1 = p.audited(ins, "SIGN_DIRECTIVES", true, "patient-choice",
                () -> await(p.patients().directives().signDirectives(ins)));
        assertThat(signed1.status()).isEqualTo(Status.SIGNED);
        assertThat(signed1.signedAt()).isPresent();
        AdvanceDirective read = p.audited(ins, "READ_DIRECTIVES", true, "advance-directives",
                () -> await(f.store.directives().readDirectives(doctor, ins))).orElseThrow();
        assertThat(read.content()).isEqualTo(content("premier texte"));
        assertThat(read.version()).isEqualTo(1);

        await(p.patients().directives().saveDirectivesDraft(ins, content("second texte")));
        assertThat(await(f.store.directives().readDirectives(doctor, ins)).orElseThrow().version()).isEqualTo(1);
        await(p.patients().directives().signDirectives(ins));
        assertThat(await(f.store.directives().readDirectives(doctor, ins)).orElseThrow().content().freeText())
                .isEqualTo("second texte");

        p.audited(ins, "REVOKE_DIRECTIVES", true, "patient-choice", () -> await(p.patients().directives().revokeDirectives(ins)));
        assertThat(await(f.store.directives().readDirectives(doctor, ins))).isEmpty();

        assertThat(await(p.patients().directives().directivesHistory(ins)))
                .extracting(AdvanceDirective::version, AdvanceDirective::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, Status.REVOKED),
                        org.assertj.core.groups.Tuple.tuple(2, Status.SIGNED),
                        org.assertj.core.groups.Tuple.tuple(1, Status.SIGNED));
        assertThat(await(p.patients().directives().directives(ins)).orElseThrow().content().freeText()).isEqualTo("second texte");
    }

    @Test
    void signingWithoutADraftOrRevokingWithoutSignedDirectivesIsAConflict() throws Exception {
        Ins ins = f.activePatient();
        p.refused(ins, "SIGN_DIRECTIVES", "directives-conflict", RecordException.Conflict.class,
                () -> p.patients().directives().signDirectives(ins));
        p.refused(ins, "REVOKE_DIRECTIVES", "directives-conflict", RecordException.Conflict.class,
                () -> p.patients().directives().revokeDirectives(ins));
        await(p.patients().directives().saveDirectivesDraft(ins, content("brouillon")));
        p.refused(ins, "REVOKE_DIRECTIVES", "directives-conflict", RecordException.Conflict.class,
                () -> p.patients().directives().revokeDirectives(ins));
        assertThat(await(p.patients().directives().directivesHistory(ins))).hasSize(1);
    }

    @Test
    void aDentistIsDeniedTheDirectivesByTheMatrixAndTheDenialIsAudited() throws Exception {
        Ins ins = f.activePatient();
        await(p.patients().directives().saveDirectivesDraft(ins, content("texte")));
        await(p.patients().directives().signDirectives(ins));
        Actor.Professional dentist = f.inCare(StoreFixture.professional(Profession.DENTIST), ins);

        String rule = p.audited(ins, "READ_DIRECTIVES", false, "profession-matrix",
                () -> ruleOf(f.store.directives().readDirectives(dentist, ins)));

        assertThat(rule).isEqualTo("profession-matrix");
        Actor.Professional nurse = f.inCare(StoreFixture.professional(Profession.NURSE), ins);
        assertThat(await(f.store.directives().readDirectives(nurse, ins))).isPresent();
    }

    @Test
    void aBlockedProfessionalIsDeniedTheDirectives() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = physician();
        await(p.patients().choices().setBlocked(ins, doctor.rpps(), true));

        assertThat(ruleOf(f.store.directives().readDirectives(doctor, ins))).isEqualTo("blocked-professional");
    }

    @Test
    void directivesAreStoredEncrypted() throws Exception {
        Ins ins = f.activePatient();
        await(p.patients().directives().saveDirectivesDraft(ins, content("ne pas me réanimer")));

        byte[] stored = (byte[]) p.value("SELECT content FROM advance_directive WHERE record_id = ?", f.recordId(ins));

        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("REFUSE").doesNotContain("Alex");
    }

    @Test
    void invalidDirectivesNameTheField() throws Exception {
        Ins ins = f.activePatient();
        AdvanceDirectiveContent noModel = new AdvanceDirectiveContent(null, Map.of(), Wish.NO_OPINION, "",
                Optional.empty(), false);

        Throwable t = failure(p.patients().directives().saveDirectivesDraft(ins, noModel));

        assertThat(t).isInstanceOf(RecordException.Invalid.class);
        assertThat(((RecordException.Invalid) t).field()).isEqualTo("model");
    }
}
