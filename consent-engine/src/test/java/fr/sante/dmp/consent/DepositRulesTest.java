package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
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
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Deposits: open record, not blocked, no forbidden category, deposit matrix; the patient adds directives. */
class DepositRulesTest {

    static Stream<Arguments> deposit() {
        Fixtures.Req physician = request(physician(DOCTOR)).action(Action.DEPOSIT);
        return Stream.of(
                row("physician deposits a consultation note", physician, doc(DocumentClass.CONSULTATION_NOTE),
                        ALLOWED, RuleId.CARE_TEAM_DEPOSIT),
                row("physician does not deposit the patient's directives", physician,
                        doc(DocumentClass.ADVANCE_DIRECTIVES), DENIED, RuleId.DEPOSIT_MATRIX),
                row("pharmacist deposits a dispensed prescription",
                        request(pro(DOCTOR, Profession.PHARMACIST)).action(Action.DEPOSIT),
                        doc(DocumentClass.PRESCRIPTION), ALLOWED, RuleId.CARE_TEAM_DEPOSIT),
                row("nurse does not deposit a discharge summary",
                        request(pro(DOCTOR, Profession.NURSE)).action(Action.DEPOSIT),
                        doc(DocumentClass.DISCHARGE_SUMMARY), DENIED, RuleId.DEPOSIT_MATRIX),
                row("radiographer deposits nothing", request(pro(DOCTOR, Profession.RADIOGRAPHER))
                        .action(Action.DEPOSIT), doc(DocumentClass.IMAGING_REPORT), DENIED, RuleId.DEPOSIT_MATRIX),
                row("no deposit on an INVITED record", request(physician(DOCTOR)).action(Action.DEPOSIT)
                        .state(RecordState.INVITED), doc(DocumentClass.CONSULTATION_NOTE), DENIED,
                        RuleId.RECORD_NOT_ACTIVE),
                row("no deposit on an OPPOSED record", request(physician(DOCTOR)).action(Action.DEPOSIT)
                        .state(RecordState.OPPOSED), doc(DocumentClass.CONSULTATION_NOTE), DENIED,
                        RuleId.RECORD_ERASED),
                row("blocked professional deposits nothing", request(physician(DOCTOR)).action(Action.DEPOSIT)
                        .consent(consent().blocking(DOCTOR)), doc(DocumentClass.CONSULTATION_NOTE), DENIED,
                        RuleId.BLOCKED_PROFESSIONAL),
                row("mutual fund deposits nothing",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.MUTUAL_FUND))
                                .action(Action.DEPOSIT), doc(DocumentClass.CONSULTATION_NOTE), DENIED,
                        RuleId.FORBIDDEN_CATEGORY),
                row("occupational physician without consent deposits nothing",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.OCCUPATIONAL_HEALTH))
                                .action(Action.DEPOSIT), doc(DocumentClass.CONSULTATION_NOTE), DENIED,
                        RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT),
                row("patient adds advance directives", request(patient()).action(Action.DEPOSIT),
                        doc(DocumentClass.ADVANCE_DIRECTIVES).byPatient(), ALLOWED, RuleId.PATIENT_OWN_RECORD),
                row("patient does not add a lab report", request(patient()).action(Action.DEPOSIT),
                        doc(DocumentClass.LABORATORY_REPORT).byPatient(), DENIED, RuleId.PATIENT_DEPOSIT_CLASS),
                row("patient adds nothing to a CLOSED record", request(patient()).action(Action.DEPOSIT)
                        .state(RecordState.CLOSED), doc(DocumentClass.ADVANCE_DIRECTIVES).byPatient(), DENIED,
                        RuleId.RECORD_NOT_ACTIVE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deposit")
    void depositRule(String name, AccessRequest request, DocumentFacts document, boolean allowed, RuleId rule) {
        RuleTable.check(ENGINE.decideDeposit(request, document.documentClass()), allowed, rule);
        // A DEPOSIT request asked through decide(request, document) gets the same answer.
        RuleTable.check(ENGINE.decide(request, document), allowed, rule);
    }

    @Test
    void depositDecisionIgnoresTheRequestsAction() {
        AccessRequest read = request(pro(DOCTOR, Profession.NURSE)).build();
        assertThat(ENGINE.decideDeposit(read, DocumentClass.DISCHARGE_SUMMARY).ruleId())
                .isEqualTo(RuleId.DEPOSIT_MATRIX.id());
    }
}
