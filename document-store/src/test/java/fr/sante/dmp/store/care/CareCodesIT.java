package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.care.CareFixture.invalidField;
import static fr.sante.dmp.store.care.CareFixture.presence;
import static fr.sante.dmp.store.care.CareFixture.ruleOf;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How practice software opens a care context: the patient's one-time care code (6 digits, 10 minutes, burnt by 5 wrong
 * tries, used once), the patient's presence, or a declaration (off by default); and how long the context lasts.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CareCodesIT {
    private static final String PROOF_REFUSED = RuleId.CARE_PROOF_REFUSED.id();
    private static CareFixture c;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        c = CareFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
    }

    /** Six digits that are not {@code code}. */
    private static String wrong(String code, int shift) {
        int n = (Integer.parseInt(code) + shift) % 1_000_000;
        return String.format("%06d", n);
    }

    private static CareProof.CareCode code(String digits) {
        return new CareProof.CareCode(digits);
    }

    @Test
    void aWrongCodeIsRefusedAndCountedButTheRightOneStillWorksBeforeTheFifth() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional doctor = c.known(physician());
        String right = c.careCode(ins);

        assertThat(ruleOf(c.care().open(doctor, ins, code(wrong(right, 1))))).isEqualTo(PROOF_REFUSED);

        assertThat(c.f.count("SELECT wrong_tries FROM care_code WHERE record_id = ?", c.f.recordId(ins)))
                .isEqualTo(1);
        assertThat(c.rows("care_context", ins)).isZero();
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = 'OPEN_CARE_CONTEXT' "
                + "AND NOT allowed AND rule_id = ?", doctor.rpps().value(), PROOF_REFUSED)).isEqualTo(1);
        assertThat(await(c.care().open(doctor, ins, code(right))).via()).isEqualTo("care-code");
    }

    @Test
    void fiveWrongCodesBurnTheCodeSoEvenTheRightOneIsRefused() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional doctor = c.known(physician());
        String right = c.careCode(ins);

        for (int i = 1; i <= CareContextService.MAX_WRONG_CODES; i++) {
            assertThat(ruleOf(c.care().open(doctor, ins, code(wrong(right, i))))).isEqualTo(PROOF_REFUSED);
        }

        assertThat(ruleOf(c.care().open(doctor, ins, code(right)))).isEqualTo(PROOF_REFUSED);
        assertThat(ruleOf(c.records().listDocuments(doctor, ins))).isEqualTo(RuleId.CARE_RELATIONSHIP_REQUIRED.id());
        // A new code from the patient starts afresh.
        assertThat(await(c.care().open(doctor, ins, code(c.careCode(ins)))).via()).isEqualTo("care-code");
    }

    @Test
    void aCodeIsUsedOnceAndANewCodeReplacesTheLastOne() throws Exception {
        Ins ins = c.activePatient();
        String first = c.careCode(ins);
        String second = c.careCode(ins);
        Actor.Professional doctor = c.known(physician());
        Actor.Professional pharmacist = c.known(CareFixture.pharmacist());

        if (!first.equals(second)) { // one chance in a million that the patient drew the same digits twice
            assertThat(ruleOf(c.care().open(doctor, ins, code(first)))).isEqualTo(PROOF_REFUSED);
        }
        await(c.care().open(doctor, ins, code(second)));
        assertThat(ruleOf(c.care().open(pharmacist, ins, code(second)))).isEqualTo(PROOF_REFUSED);
        assertThat(ruleOf(c.care().open(doctor, ins, code(second)))).isEqualTo(PROOF_REFUSED);
        assertThat(await(c.care().list(ins))).extracting(CareContext::rpps).containsExactly(doctor.rpps().value());
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        Ins ins = c.activePatient();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS); // as the store counts time
        CareCode issued = await(c.care().issueCareCode(ins));
        assertThat(issued.expiresAt()).isBetween(before.plus(Duration.ofMinutes(10)),
                Instant.now().plus(Duration.ofMinutes(10)));
        // Ten minutes have passed.
        c.f.update("UPDATE care_code SET expires_at = now() - interval '1 second' WHERE record_id = ?",
                c.f.recordId(ins));

        assertThat(ruleOf(c.care().open(c.known(physician()), ins, code(issued.code())))).isEqualTo(PROOF_REFUSED);
        assertThat(c.rows("care_context", ins)).isZero();
    }

    @Test
    void anUnknownOrOpposedPersonAnswersACareCodeExactlyAsAWrongCodeDoes() throws Exception {
        Actor.Professional doctor = c.known(physician());
        Ins active = c.activePatient();
        String right = c.careCode(active);
        Ins opposed = c.invitedPatient();
        String beforeOpposing = c.careCode(opposed);
        await(c.patients().lifecycle().oppose(opposed));

        List<Throwable> answers = List.of(
                failure(c.care().open(doctor, active, code(wrong(right, 1)))),
                failure(c.care().open(doctor, StoreFixture.newIns(), code(right))),
                failure(c.care().open(doctor, opposed, code(beforeOpposing))));

        assertThat(answers).allSatisfy(t -> {
            assertThat(t).isInstanceOf(RecordException.AccessDenied.class)
                    .hasMessage(answers.get(0).getMessage());
            assertThat(((RecordException.AccessDenied) t).decision())
                    .isEqualTo(((RecordException.AccessDenied) answers.get(0)).decision());
        });
        assertThat(((RecordException.AccessDenied) answers.get(0)).decision().ruleId()).isEqualTo(PROOF_REFUSED);
    }

    @Test
    void aMalformedCodeOrAPresenceProofForSomeoneElseIsInvalid() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional doctor = c.known(physician());

        assertThat(invalidField(c.care().open(doctor, ins, code("12345")))).isEqualTo("proof.code");
        assertThat(invalidField(c.care().open(doctor, ins, code("12a456")))).isEqualTo("proof.code");
        assertThat(invalidField(c.care().open(doctor, ins, presence(doctor, c.activePatient()))))
                .isEqualTo("proof.assertion");
        assertThat(invalidField(c.care().open(doctor, ins, presence(physician(), ins))))
                .isEqualTo("proof.assertion");
        assertThat(c.rows("care_context", ins)).isZero();
    }

    @Test
    void aDeclaredContextIsRefusedByTheDefaultPolicy() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional nurse = c.known(StoreFixture.professional(Profession.NURSE));

        CareProof declared = new CareProof.Declared("soins infirmiers a domicile, pansement post-operatoire");

        assertThat(ruleOf(c.care().open(nurse, ins, declared))).isEqualTo(RuleId.CARE_CONTEXT_DECLARATION_OFF.id());
        assertThat(invalidField(c.care().open(nurse, ins, new CareProof.Declared("soins"))))
                .as("too short a reason is invalid before any policy").isEqualTo("proof.reason");

        assertThat(c.rows("care_context", ins)).isZero();
        assertThat(ruleOf(c.records().listDocuments(nurse, ins))).isEqualTo(RuleId.CARE_RELATIONSHIP_REQUIRED.id());
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = 'OPEN_CARE_CONTEXT' "
                + "AND NOT allowed AND rule_id = ?", nurse.rpps().value(), RuleId.CARE_CONTEXT_DECLARATION_OFF.id()))
                .isEqualTo(1);
    }

    @Test
    void aPharmacistsContextLastsThreeDaysAPhysiciansNinetyAndThePatientsGrantWhatTheyChose() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional cardiologist = physician();
        Actor.Professional granted = c.known(physician());

        CareContext pharmacy = c.openWithCode(CareFixture.pharmacist(), ins);
        CareContext practice = c.openWithCode(physician(), ins);
        CareContext atTheDesk = await(c.care().open(c.known(cardiologist), ins, presence(cardiologist, ins)));
        CareContext fromTheSpace = await(c.care().grant(ins, granted.rpps(), 14));

        assertThat(lifetime(pharmacy)).isEqualTo(Duration.ofDays(3));
        assertThat(lifetime(practice)).isEqualTo(Duration.ofDays(90));
        assertThat(lifetime(atTheDesk)).isEqualTo(Duration.ofDays(90));
        assertThat(atTheDesk.via()).isEqualTo("presence");
        assertThat(lifetime(fromTheSpace)).isEqualTo(Duration.ofDays(14));
        assertThat(fromTheSpace.via()).isEqualTo("patient-grant");
        assertThat(pharmacy.profession()).isEqualTo("21");
    }

    @Test
    void openingAgainExtendsTheLiveContextInsteadOfAddingOne() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional doctor = physician();
        CareContext first = await(c.care().grant(ins, c.known(doctor).rpps(), 7));

        CareContext again = c.openWithCode(doctor, ins);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.via()).isEqualTo("care-code");
        assertThat(again.expiresAt()).isAfter(first.expiresAt());
        assertThat(c.rows("care_context", ins)).isEqualTo(1);
    }

    private static Duration lifetime(CareContext context) {
        return Duration.between(context.openedAt(), context.expiresAt());
    }
}
