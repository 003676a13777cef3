package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.TREATING;
import static fr.sante.dmp.consent.Fixtures.consent;
import static fr.sante.dmp.consent.Fixtures.doc;
import static fr.sante.dmp.consent.Fixtures.patient;
import static fr.sante.dmp.consent.Fixtures.physician;
import static fr.sante.dmp.consent.Fixtures.pro;
import static fr.sante.dmp.consent.Fixtures.request;
import static fr.sante.dmp.consent.Fixtures.withCategory;
import static fr.sante.dmp.consent.RuleTable.ALLOWED;
import static fr.sante.dmp.consent.RuleTable.DENIED;
import static fr.sante.dmp.consent.RuleTable.row;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The medical profile the patient enters (51855-5: blood group, allergies, emergency contacts): only the patient adds
 * it; every profession allowed on the record reads it; masking, blocking and the forbidden categories still apply.
 */
class MedicalProfileRulesTest {

    static Stream<Arguments> deposit() {
        Fixtures.Doc profile = doc(DocumentClass.MEDICAL_PROFILE).byPatient();
        return Stream.of(
                row("patient adds their medical profile", request(patient()).action(Action.DEPOSIT), profile,
                        ALLOWED, RuleId.PATIENT_OWN_RECORD),
                row("physician does not write the patient's medical profile",
                        request(physician(DOCTOR)).action(Action.DEPOSIT), profile, DENIED, RuleId.DEPOSIT_MATRIX),
                row("pharmacist does not write the patient's medical profile",
                        request(pro(DOCTOR, Profession.PHARMACIST)).action(Action.DEPOSIT), profile, DENIED,
                        RuleId.DEPOSIT_MATRIX),
                row("patient adds no profile to a CLOSED record", request(patient()).action(Action.DEPOSIT)
                        .state(RecordState.CLOSED), profile, DENIED, RuleId.RECORD_NOT_ACTIVE));
    }

    static Stream<Arguments> read() {
        Fixtures.Doc profile = doc(DocumentClass.MEDICAL_PROFILE).byPatient();
        Fixtures.Doc masked = doc(DocumentClass.MEDICAL_PROFILE).byPatient().masked();
        return Stream.of(
                row("care-team physician reads the medical profile", request(physician(DOCTOR)), profile, ALLOWED,
                        RuleId.CARE_TEAM),
                row("pharmacist reads the medical profile (allergies)", request(pro(DOCTOR, Profession.PHARMACIST)),
                        profile, ALLOWED, RuleId.CARE_TEAM),
                row("nurse reads the medical profile", request(pro(DOCTOR, Profession.NURSE)), profile, ALLOWED,
                        RuleId.CARE_TEAM),
                row("radiographer reads the medical profile (contrast allergies)",
                        request(pro(DOCTOR, Profession.RADIOGRAPHER)), profile, ALLOWED, RuleId.CARE_TEAM),
                row("dentist reads the medical profile", request(pro(DOCTOR, Profession.DENTIST)), profile, ALLOWED,
                        RuleId.CARE_TEAM),
                row("masked medical profile hidden from a care-team physician", request(physician(DOCTOR)), masked,
                        DENIED, RuleId.MASKED_DOCUMENT),
                row("masked medical profile visible to the treating doctor",
                        request(physician(TREATING)).consent(consent().treatingDoctor(TREATING)), masked, ALLOWED,
                        RuleId.TREATING_DOCTOR),
                row("blocked professional does not read the medical profile",
                        request(physician(DOCTOR)).consent(consent().blocking(DOCTOR)), profile, DENIED,
                        RuleId.BLOCKED_PROFESSIONAL),
                row("insurer never reads the medical profile",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER)), profile, DENIED,
                        RuleId.FORBIDDEN_CATEGORY),
                row("patient reads their own medical profile", request(patient()), masked, ALLOWED,
                        RuleId.PATIENT_OWN_RECORD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deposit")
    void depositRule(String name, AccessRequest request, DocumentFacts document, boolean allowed, RuleId rule) {
        RuleTable.check(ENGINE.decideDeposit(request, document.documentClass()), allowed, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("read")
    void readRule(String name, AccessRequest request, DocumentFacts document, boolean allowed, RuleId rule) {
        RuleTable.check(ENGINE.decide(request, document), allowed, rule);
    }
}
