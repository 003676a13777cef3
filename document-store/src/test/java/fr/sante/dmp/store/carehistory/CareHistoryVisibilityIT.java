package fr.sante.dmp.store.carehistory;

import static fr.sante.dmp.store.carehistory.CareHistoryFixture.line;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditVerification;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every care-history visibility rule through the service on a real PostgreSQL. Each patient has four lines: an ordinary
 * act, a sensitive one, a minor's confidential act, and a drug; a treating doctor, and another physician in care (a
 * live care context), so that the history's own rules are what tells them apart.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CareHistoryVisibilityIT {
    private static CareHistoryFixture f;

    private Ins ins;
    private final Actor.Professional treating = StoreFixture.physician();
    private final Actor.Professional other = StoreFixture.physician();

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = CareHistoryFixture.start(db, new CareHistoryOptions(1, 100, 4096));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @BeforeEach
    void aPatientWithFourLines() throws Exception {
        ins = f.patient(RecordState.ACTIVE);
        f.treatingDoctor(ins, treating.rpps());
        StoreFixture.inCare(f.store, other, ins);
        f.feed(List.of(
                line(ins, f.today().minusDays(10), "GS", "Consultation", new JsonObject().put("lineId", id("ordinary"))),
                line(ins, f.today().minusDays(20), "CNP", "Consultation psychiatrie",
                        new JsonObject().put("lineId", id("sensitive")).put("sensitive", true)),
                line(ins, f.today().minusDays(30), "JNJD002", "Acte confidentiel",
                        new JsonObject().put("lineId", id("confidential")).put("minorConfidential", true)),
                line(ins, f.today().minusDays(40), "3400930000000", "Paracetamol 1 g",
                        new JsonObject().put("lineId", id("drug")).put("kind", "DRUG"))));
    }

    private String id(String name) {
        return name + "-" + ins.value().substring(7, 13);
    }

    private static List<String> labels(Future<List<CareHistoryLine>> f) throws Exception {
        return await(f).stream().map(CareHistoryLine::label).toList();
    }

    private static String deniedRule(Future<?> f) throws Exception {
        Throwable t = failure(f);
        assertThat(t).isInstanceOf(RecordException.AccessDenied.class);
        return ((RecordException.AccessDenied) t).decision().ruleId();
    }

    @Test
    void quarantineByDefaultOnlyThePatientAndTheTreatingDoctorSeeTheHistory() throws Exception {
        assertThat(deniedRule(f.care.forProfessional(other, ins))).isEqualTo(RuleId.CARE_HISTORY_QUARANTINE.id());
        assertThat(labels(f.care.forProfessional(treating, ins)))
                .containsExactly("Consultation", "Acte confidentiel", "Paracetamol 1 g");
        assertThat(labels(f.care.forPatient(ins))).containsExactly("Consultation", "Consultation psychiatrie",
                "Acte confidentiel", "Paracetamol 1 g");
    }

    @Test
    void thePatientOpensTheHistoryToAllProfessionalsAndCanPutItBack() throws Exception {
        await(f.care.setOpenToProfessionals(ins, true));
        List<CareHistoryLine> seen = await(f.care.forProfessional(other, ins));
        assertThat(seen).extracting(CareHistoryLine::label)
                .containsExactly("Consultation", "Acte confidentiel", "Paracetamol 1 g");
        CareHistoryLine drug = seen.get(2);
        assertThat(drug.kind()).isEqualTo(CareHistoryLine.Kind.DRUG);
        assertThat(drug.code()).isEqualTo("3400930000000");
        assertThat(drug.amountCents()).hasValue(2500);
        assertThat(drug.performer()).hasValueSatisfying(r -> assertThat(r.value()).isEqualTo("10001234565"));
        Actor.Professional pharmacist = StoreFixture.inCare(f.store, StoreFixture.professional(Profession.PHARMACIST),
                ins);
        assertThat(labels(f.care.forProfessional(pharmacist, ins))).hasSize(3);

        await(f.care.setOpenToProfessionals(ins, false));
        assertThat(deniedRule(f.care.forProfessional(other, ins))).isEqualTo(RuleId.CARE_HISTORY_QUARANTINE.id());
    }

    @Test
    void aLineThePatientHidesIsHiddenFromEveryProfessionalTheTreatingDoctorIncluded() throws Exception {
        await(f.care.setOpenToProfessionals(ins, true));
        await(f.care.setLineHidden(ins, id("drug"), true));

        assertThat(labels(f.care.forProfessional(other, ins))).doesNotContain("Paracetamol 1 g");
        assertThat(labels(f.care.forProfessional(treating, ins))).doesNotContain("Paracetamol 1 g");
        List<CareHistoryLine> own = await(f.care.forPatient(ins));
        assertThat(own).filteredOn(l -> l.lineId().equals(id("drug"))).singleElement()
                .extracting(CareHistoryLine::patientChoice).isEqualTo(CareHistoryLine.PatientChoice.HIDDEN);
    }

    @Test
    void aSensitiveLineReachesProfessionalsOnlyOnceThePatientShowsIt() throws Exception {
        await(f.care.setOpenToProfessionals(ins, true));
        assertThat(labels(f.care.forProfessional(other, ins))).doesNotContain("Consultation psychiatrie");

        await(f.care.setLineHidden(ins, id("sensitive"), false));

        assertThat(labels(f.care.forProfessional(other, ins))).contains("Consultation psychiatrie");
        assertThat(labels(f.care.forProfessional(treating, ins))).contains("Consultation psychiatrie");
    }

    @Test
    void aMinorsConfidentialActNeverShowsToTheLegalRepresentative() throws Exception {
        assertThat(labels(f.care.forRepresentative(fr.sante.dmp.consent.Actor.Patient.representedBy(ins,
                new fr.sante.dmp.consent.Representation("link", fr.sante.dmp.consent.Ins.parse("285017512345656"),
                        fr.sante.dmp.consent.RepresentationKind.PARENTAL_AUTHORITY)))))
                .containsExactly("Consultation", "Consultation psychiatrie", "Paracetamol 1 g");
        assertThat(labels(f.care.forPatient(ins))).contains("Acte confidentiel");
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'READ_CARE_HISTORY' AND rule_id = ?",
                RuleId.CARE_HISTORY_LEGAL_REPRESENTATIVE.id())).isPositive();
    }

    @Test
    void blockedProfessionalsInsurersAndTheFeedSeeNothingEvenWhenOpened() throws Exception {
        await(f.care.setOpenToProfessionals(ins, true));
        f.block(ins, other.rpps());
        Actor.Professional insurer = new Actor.Professional(StoreFixture.newRpps(), Profession.PHYSICIAN,
                Optional.empty(), ActorCategory.INSURER);

        assertThat(deniedRule(f.care.forProfessional(other, ins))).isEqualTo(RuleId.BLOCKED_PROFESSIONAL.id());
        assertThat(deniedRule(f.care.forProfessional(insurer, ins))).isEqualTo(RuleId.FORBIDDEN_CATEGORY.id());
        assertThat(deniedRule(f.care.forProfessional(CareHistoryFixture.feeder(), ins)))
                .isEqualTo(RuleId.DEPOSIT_ONLY_CATEGORY.id());
    }

    @Test
    void emergencyAccessSeesAnOpenedHistoryAndIsFlaggedInTheAudit() throws Exception {
        Actor.Professional emergency = StoreFixture.physician();
        assertThat(deniedRule(f.care.forProfessionalInEmergency(emergency, ins, "unconscious, which drugs?")))
                .isEqualTo(RuleId.CARE_HISTORY_QUARANTINE.id());
        await(f.care.setOpenToProfessionals(ins, true));

        assertThat(labels(f.care.forProfessionalInEmergency(emergency, ins, "unconscious, which drugs?")))
                .contains("Paracetamol 1 g");
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'READ_CARE_HISTORY' AND actor_id = ? "
                + "AND break_glass AND allowed AND reason IS NOT NULL", emergency.rpps().value())).isEqualTo(1);
    }

    @Test
    void everyReadAndChoiceIsAuditedAndTheChainStaysIntact() throws Exception {
        long before = f.count("SELECT count(*) FROM audit_log WHERE ins_hash IS NOT NULL");
        failure(f.care.forProfessional(other, ins));
        await(f.care.forProfessional(treating, ins));
        await(f.care.setLineHidden(ins, id("ordinary"), true));
        await(f.care.setOpenToProfessionals(ins, true));
        await(f.care.forPatient(ins));

        assertThat(f.count("SELECT count(*) FROM audit_log WHERE ins_hash IS NOT NULL")).isEqualTo(before + 5);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'READ_CARE_HISTORY' AND actor_id = ? "
                + "AND NOT allowed AND rule_id = ?", other.rpps().value(), RuleId.CARE_HISTORY_QUARANTINE.id()))
                .isEqualTo(1);
        AuditVerification v = await(f.store.audit().verify());
        assertThat(v.ok()).isTrue();
    }

    @Test
    void unknownPatientsAndLinesAreNotFound() throws Exception {
        assertThat(failure(f.care.forProfessional(treating, StoreFixture.newIns())))
                .isInstanceOf(RecordException.NotFound.class);
        assertThat(failure(f.care.setLineHidden(ins, "no-such-line", true)))
                .isInstanceOf(RecordException.NotFound.class);
    }

    @Test
    void anOpposedRecordsHistoryIsReadableByNobody() throws Exception {
        f.update("UPDATE record SET state = 'OPPOSED', wrapped_key = NULL WHERE id = ?", f.recordId(ins));
        assertThat(deniedRule(f.care.forPatient(ins))).isEqualTo(RuleId.RECORD_ERASED.id());
        // To a professional, even the treating doctor, the person is as unknown as someone never registered: the same
        // answer, and the same path to it (the lookup finds no row), so that its entry is the unknown person's too.
        Throwable opposed = failure(f.care.forProfessional(treating, ins));
        Throwable unknown = failure(f.care.forProfessional(treating, StoreFixture.newIns()));
        assertThat(opposed).isInstanceOf(RecordException.NotFound.class).hasMessage(unknown.getMessage());
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'READ_CARE_HISTORY' AND actor_id = ? "
                + "AND NOT allowed AND rule_id = ?", treating.rpps().value(), RuleId.RECORD_NOT_FOUND.id()))
                .isEqualTo(2);
    }
}
