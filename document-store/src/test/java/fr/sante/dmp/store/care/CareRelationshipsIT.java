package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.care.CareFixture.EMERGENCY;
import static fr.sante.dmp.store.care.CareFixture.invalidField;
import static fr.sante.dmp.store.care.CareFixture.ruleOf;
import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.carehistory.CareHistoryLine;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The care-relationship rule through the store: a professional reads or writes a record only as the patient's treating
 * doctor, under a live care context, as an occupational physician with a running express consent, or in an
 * emergency; every way in ends on the very next request once the patient ends it.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CareRelationshipsIT {
    private static final String CARE_RELATIONSHIP_REQUIRED = RuleId.CARE_RELATIONSHIP_REQUIRED.id();
    private static final String OCCUPATIONAL = RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT.id();
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    private static CareFixture c;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        c = CareFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
    }

    /** Every professional operation on one record, each answering the document and the history lines it reached. */
    private static List<Function<Actor.Professional, Future<?>>> everyOperation(Ins ins, UUID document) {
        return List.of(
                pro -> c.records().listDocuments(pro, ins),
                pro -> c.records().readDocument(pro, document),
                pro -> c.records().deposit(pro, ins, document(DocumentClass.CONSULTATION_NOTE, "Suivi", "ras")),
                pro -> c.f.store.directives().readDirectives(pro, ins),
                pro -> c.history.forProfessional(pro, ins));
    }

    @Test
    void aPhysicianWithoutAnyRelationshipIsRefusedEverythingUntilACareCodeOpensAContext() throws Exception {
        Ins ins = c.activePatient();
        UUID note = c.deposit(c.f.inCare(physician(), ins), ins, DocumentClass.CONSULTATION_NOTE, false);
        await(c.history.setOpenToProfessionals(ins, true)); // so that the history's quarantine is not the reason
        Actor.Professional stranger = c.known(physician());

        for (Function<Actor.Professional, Future<?>> operation : everyOperation(ins, note)) {
            assertThat(ruleOf(operation.apply(stranger))).isEqualTo(CARE_RELATIONSHIP_REQUIRED);
        }
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE actor_id = ? AND NOT allowed AND rule_id = ?",
                stranger.rpps().value(), CARE_RELATIONSHIP_REQUIRED)).isEqualTo(5);

        CareContext context = c.openWithCode(stranger, ins);

        assertThat(context.via()).isEqualTo("care-code");
        for (Function<Actor.Professional, Future<?>> operation : everyOperation(ins, note)) {
            assertThat(await(operation.apply(stranger))).isNotNull();
        }
        assertThat(await(c.history.forProfessional(stranger, ins))).extracting(CareHistoryLine::label)
                .containsExactly("Consultation de médecine générale");
    }

    @Test
    void theTreatingDoctorGetsInWithoutAContextButAnotherPatientsTreatingDoctorDoesNot() throws Exception {
        Ins ins = c.activePatient();
        Ins other = c.activePatient();
        UUID note = c.deposit(c.f.inCare(physician(), ins), ins, DocumentClass.CONSULTATION_NOTE, false);
        Actor.Professional treating = c.known(physician());
        await(c.patients().choices().setTreatingDoctor(ins, Optional.of(treating.rpps())));
        await(c.patients().choices().setTreatingDoctor(other, Optional.of(treating.rpps())));

        for (Function<Actor.Professional, Future<?>> operation : everyOperation(ins, note)) {
            assertThat(await(operation.apply(treating))).isNotNull();
        }
        assertThat(await(c.records().listDocuments(treating, ins))).extracting(DocumentSummary::id).contains(note);
        assertThat(c.rows("care_context", ins)).as("no context was needed").isEqualTo(1); // the author's only

        await(c.patients().choices().setTreatingDoctor(ins, Optional.empty()));
        assertThat(ruleOf(c.records().readDocument(treating, note))).isEqualTo(CARE_RELATIONSHIP_REQUIRED);
        assertThat(await(c.records().listDocuments(treating, other))).isEmpty(); // still the other's doctor
    }

    @Test
    void onlyAPhysicianTheDirectoryKnowsCanBeChosenAsTreatingDoctor() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional pharmacist = c.known(CareFixture.pharmacist());
        Actor.Professional unknown = physician(); // never seen: no token, no operator row

        assertThat(invalidField(c.patients().choices().setTreatingDoctor(ins, Optional.of(pharmacist.rpps()))))
                .isEqualTo("rpps");
        assertThat(invalidField(c.patients().choices().setTreatingDoctor(ins, Optional.of(unknown.rpps())))).isEqualTo("rpps");
        assertThat(await(c.patients().overview().overview(ins)).treatingDoctorRpps()).isEmpty();
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE ins_hash = ? AND action = 'SET_TREATING_DOCTOR' "
                + "AND NOT allowed AND rule_id = 'treating-doctor-not-a-physician'", c.f.insHash(ins))).isEqualTo(2);

        Actor.Professional physician = c.known(physician());
        await(c.patients().choices().setTreatingDoctor(ins, Optional.of(physician.rpps())));
        assertThat(await(c.patients().overview().overview(ins)).treatingDoctorRpps()).contains(physician.rpps().value());
        assertThat(await(c.records().listDocuments(physician, ins))).isEmpty();
    }

    @Test
    void anOccupationalPhysicianNeedsARunningExpressConsentAndLosesItOnTheVeryNextRequest() throws Exception {
        for (Actor.Professional occupational : List.of(CareFixture.occupationalByCategory(),
                CareFixture.occupationalBySpecialty())) {
            Ins ins = c.activePatient();
            UUID note = c.deposit(c.f.inCare(physician(), ins), ins, DocumentClass.CONSULTATION_NOTE, false);
            c.known(occupational);

            assertThat(ruleOf(c.records().listDocuments(occupational, ins))).isEqualTo(OCCUPATIONAL);
            // Neither the patient's care code nor being chosen as treating doctor replaces the express consent.
            assertThat(ruleOf(c.care().open(occupational, ins, new CareProof.CareCode(c.careCode(ins)))))
                    .isEqualTo(OCCUPATIONAL);
            await(c.patients().choices().setTreatingDoctor(ins, Optional.of(occupational.rpps())));
            assertThat(ruleOf(c.records().readDocument(occupational, note))).isEqualTo(OCCUPATIONAL);

            LocalDate until = LocalDate.now(FRANCE).plusMonths(6);
            await(c.care().grantExpressConsent(ins, occupational.rpps(), until));
            assertThat(await(c.care().expressConsents(ins))).singleElement()
                    .satisfies(e -> assertThat(e.rpps()).isEqualTo(occupational.rpps().value()))
                    .satisfies(e -> assertThat(e.until()).isEqualTo(until));
            assertThat(await(c.records().listDocuments(occupational, ins))).extracting(DocumentSummary::id)
                    .containsExactly(note);

            await(c.care().withdrawExpressConsent(ins, occupational.rpps()));
            assertThat(ruleOf(c.records().readDocument(occupational, note))).isEqualTo(OCCUPATIONAL);
            assertThat(await(c.care().expressConsents(ins))).isEmpty();
        }
    }

    @Test
    void anExpressConsentRunsFromTodayToOneYearAheadAndOnlyForAPhysician() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional occupational = c.known(CareFixture.occupationalByCategory());
        LocalDate today = LocalDate.now(FRANCE);

        assertThat(invalidField(c.care().grantExpressConsent(ins, occupational.rpps(), today.minusDays(1))))
                .isEqualTo("until");
        assertThat(invalidField(c.care().grantExpressConsent(ins, occupational.rpps(),
                today.plusYears(1).plusDays(1)))).isEqualTo("until");
        assertThat(invalidField(c.care().grantExpressConsent(ins, occupational.rpps(), null))).isEqualTo("until");
        assertThat(invalidField(c.care().grantExpressConsent(ins, c.known(CareFixture.pharmacist()).rpps(),
                today.plusDays(7)))).isEqualTo("rpps");
        assertThat(invalidField(c.care().grantExpressConsent(ins, physician().rpps(), today.plusDays(7))))
                .as("unknown to the directory").isEqualTo("rpps");
        assertThat(c.rows("express_consent", ins)).isZero();

        await(c.care().grantExpressConsent(ins, occupational.rpps(), today.plusYears(1)));
        assertThat(await(c.records().listDocuments(occupational, ins))).isEmpty();
    }

    @Test
    void anExpressConsentWhoseEndDatePassedNoLongerLetsIn() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional occupational = c.known(CareFixture.occupationalBySpecialty());
        await(c.care().grantExpressConsent(ins, occupational.rpps(), LocalDate.now(FRANCE).plusDays(1)));
        assertThat(await(c.records().listDocuments(occupational, ins))).isEmpty();

        // Yesterday's end date, as the row stands once its last day has passed in France.
        c.f.update("UPDATE express_consent SET until = ? WHERE record_id = ?",
                LocalDate.now(FRANCE).minusDays(1), c.f.recordId(ins));

        assertThat(ruleOf(c.records().listDocuments(occupational, ins))).isEqualTo(OCCUPATIONAL);
        assertThat(await(c.care().expressConsents(ins))).isEmpty();
    }

    @Test
    void opposingEmergencyAccessEndsARunningGrantForGoodAndAllowingItAgainRevivesNothing() throws Exception {
        Ins ins = c.activePatient();
        UUID note = c.deposit(c.f.inCare(physician(), ins), ins, DocumentClass.CONSULTATION_NOTE, false);
        Actor.Professional emergency = physician(); // no relationship: the grant is the only way in

        await(c.emergency.open(emergency, ins, EMERGENCY));
        assertThat(await(c.records().readDocument(emergency, note)).summary().id()).isEqualTo(note);
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = 'READ_DOCUMENT' "
                + "AND allowed AND break_glass", emergency.rpps().value())).as("flagged as emergency").isEqualTo(1);

        await(c.patients().choices().setEmergencyAccessOpposed(ins, true));
        assertThat(ruleOf(c.records().readDocument(emergency, note))).isEqualTo(CARE_RELATIONSHIP_REQUIRED);
        assertThat(ruleOf(c.records().breakGlass(emergency, ins, EMERGENCY)))
                .isEqualTo(RuleId.BREAK_GLASS_OPPOSED.id());

        await(c.patients().choices().setEmergencyAccessOpposed(ins, false));
        assertThat(ruleOf(c.records().readDocument(emergency, note))).isEqualTo(CARE_RELATIONSHIP_REQUIRED);
        assertThat(c.f.count("SELECT count(*) FROM break_glass_grant WHERE record_id = ? AND expires_at > now()",
                c.f.recordId(ins))).isZero();
    }

    @Test
    void opposingErasesTheCareRelationshipsSoWithdrawingTheOppositionRevivesNone() throws Exception {
        Ins ins = c.invitedPatient();
        Actor.Professional doctor = c.known(physician());
        // While invited, the patient lets a doctor in for a year and shows a care code.
        await(c.care().grant(ins, doctor.rpps(), 365));
        String code = c.careCode(ins);

        String receipt = await(c.patients().lifecycle().oppose(ins)).verificationCode();

        assertThat(c.rows("care_context", ins)).as("who cared for the person is not kept").isZero();
        assertThat(c.rows("care_code", ins)).isZero();
        await(c.patients().lifecycle().withdrawOpposition(ins, receipt));
        await(c.patients().lifecycle().activateEarly(ins));
        assertThat(ruleOf(c.records().listDocuments(doctor, ins))).isEqualTo(CARE_RELATIONSHIP_REQUIRED);
        assertThat(ruleOf(c.care().open(doctor, ins, new CareProof.CareCode(code))))
                .isEqualTo(RuleId.CARE_PROOF_REFUSED.id());
        assertThat(await(c.care().list(ins))).isEmpty();
    }

    @Test
    void aContextOnOneRecordOpensNoOther() throws Exception {
        Ins mine = c.activePatient();
        Ins theirs = c.activePatient();
        UUID theirNote = c.deposit(c.f.inCare(physician(), theirs), theirs, DocumentClass.CONSULTATION_NOTE, false);
        Actor.Professional doctor = physician();
        c.openWithCode(doctor, mine);

        assertThat(ruleOf(c.records().listDocuments(doctor, theirs))).isEqualTo(CARE_RELATIONSHIP_REQUIRED);
        assertThat(ruleOf(c.records().readDocument(doctor, theirNote))).isEqualTo(CARE_RELATIONSHIP_REQUIRED);
        // A code shown by one patient opens no other patient's record.
        String code = c.careCode(mine);
        assertThat(ruleOf(c.care().open(doctor, theirs, new CareProof.CareCode(code))))
                .isEqualTo(RuleId.CARE_PROOF_REFUSED.id());
        assertThat(failure(c.care().end(theirs, await(c.care().list(mine)).get(0).id())))
                .isInstanceOf(RecordException.NotFound.class);
        assertThat(await(c.records().listDocuments(doctor, mine))).isEmpty(); // the context on mine still stands
    }
}
