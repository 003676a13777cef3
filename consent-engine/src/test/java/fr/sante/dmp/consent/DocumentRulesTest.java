package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.AUTHOR;
import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.NOW;
import static fr.sante.dmp.consent.Fixtures.TREATING;
import static fr.sante.dmp.consent.Fixtures.consent;
import static fr.sante.dmp.consent.Fixtures.doc;
import static fr.sante.dmp.consent.Fixtures.patient;
import static fr.sante.dmp.consent.Fixtures.physician;
import static fr.sante.dmp.consent.Fixtures.pro;
import static fr.sante.dmp.consent.Fixtures.request;
import static fr.sante.dmp.consent.RuleTable.ALLOWED;
import static fr.sante.dmp.consent.RuleTable.DENIED;
import static fr.sante.dmp.consent.RuleTable.row;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Document-level rules: matrix, masking, treating doctor, author, withheld results, advance directives. */
class DocumentRulesTest {

    static Stream<Arguments> professionMatrix() {
        return Stream.of(
                row("physician reads pathology", request(physician(DOCTOR)), doc(DocumentClass.PATHOLOGY_REPORT),
                        ALLOWED, RuleId.CARE_TEAM),
                row("pharmacist reads a prescription", request(pro(DOCTOR, Profession.PHARMACIST)),
                        doc(DocumentClass.PRESCRIPTION), ALLOWED, RuleId.CARE_TEAM),
                row("pharmacist does not read an operation note", request(pro(DOCTOR, Profession.PHARMACIST)),
                        doc(DocumentClass.SURGICAL_OPERATION_NOTE), DENIED, RuleId.PROFESSION_MATRIX),
                row("radiographer does not read a consultation note", request(pro(DOCTOR, Profession.RADIOGRAPHER)),
                        doc(DocumentClass.CONSULTATION_NOTE), DENIED, RuleId.PROFESSION_MATRIX),
                row("dentist does not read advance directives", request(pro(DOCTOR, Profession.DENTIST)),
                        doc(DocumentClass.ADVANCE_DIRECTIVES).byPatient(), DENIED, RuleId.PROFESSION_MATRIX),
                row("dentist reads imaging", request(pro(DOCTOR, Profession.DENTIST)),
                        doc(DocumentClass.IMAGING_REPORT), ALLOWED, RuleId.CARE_TEAM));
    }

    static Stream<Arguments> maskedDocument() {
        Fixtures.Doc masked = doc(DocumentClass.LABORATORY_REPORT).masked();
        return Stream.of(
                row("masked hidden from a care-team physician", request(physician(DOCTOR)), masked,
                        DENIED, RuleId.MASKED_DOCUMENT),
                row("masked visible to the treating doctor",
                        request(physician(TREATING)).consent(consent().treatingDoctor(TREATING)), masked,
                        ALLOWED, RuleId.TREATING_DOCTOR),
                row("masked visible to its author", request(pro(AUTHOR, Profession.PHARMACIST)), masked,
                        ALLOWED, RuleId.DOCUMENT_AUTHOR),
                row("masked visible to the patient", request(patient()), masked, ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("unmasked visible to a care-team physician", request(physician(DOCTOR)),
                        doc(DocumentClass.LABORATORY_REPORT), ALLOWED, RuleId.CARE_TEAM));
    }

    static Stream<Arguments> authorAndTreatingDoctor() {
        return Stream.of(
                row("author sees own document outside the matrix", request(pro(AUTHOR, Profession.RADIOGRAPHER)),
                        doc(DocumentClass.PATHOLOGY_REPORT), ALLOWED, RuleId.DOCUMENT_AUTHOR),
                row("a patient-written document has no professional author", request(pro(AUTHOR,
                        Profession.DENTIST)), doc(DocumentClass.ADVANCE_DIRECTIVES).byPatient(), DENIED,
                        RuleId.PROFESSION_MATRIX),
                row("treating doctor on an unmasked document is ordinary care",
                        request(physician(TREATING)).consent(consent().treatingDoctor(TREATING)),
                        doc(DocumentClass.LABORATORY_REPORT), ALLOWED, RuleId.CARE_TEAM));
    }

    static Stream<Arguments> withheldFromPatient() {
        Instant deposited = NOW.minus(Duration.ofDays(10));
        Fixtures.Doc withheld = doc(DocumentClass.PATHOLOGY_REPORT).withheld().depositedAt(deposited);
        Instant oneMonthLater = Instant.parse("2026-02-19T10:00:00Z").plus(Duration.ofDays(28)); // 2026-03-19
        return Stream.of(
                row("withheld result hidden from the patient", request(patient()), withheld, DENIED,
                        RuleId.WITHHELD_FROM_PATIENT),
                row("released result shown", request(patient()),
                        doc(DocumentClass.PATHOLOGY_REPORT).withheld().depositedAt(deposited).releasedAt(NOW),
                        ALLOWED, RuleId.PATIENT_OWN_RECORD),
                row("release in the future does not count yet", request(patient()),
                        doc(DocumentClass.PATHOLOGY_REPORT).withheld().depositedAt(deposited)
                                .releasedAt(NOW.plusSeconds(60)), DENIED, RuleId.WITHHELD_FROM_PATIENT),
                row("shown automatically one month after deposit", request(patient()).at(oneMonthLater), withheld,
                        ALLOWED, RuleId.PATIENT_OWN_RECORD),
                row("still hidden one second before the month", request(patient()).at(oneMonthLater.minusSeconds(1)),
                        withheld, DENIED, RuleId.WITHHELD_FROM_PATIENT),
                row("withholding does not concern professionals", request(physician(DOCTOR)), withheld, ALLOWED,
                        RuleId.CARE_TEAM));
    }

    static Stream<Arguments> advanceDirectives() {
        Fixtures.Doc directives = doc(DocumentClass.ADVANCE_DIRECTIVES).byPatient();
        return Stream.of(
                row("nurse reads directives", request(pro(DOCTOR, Profession.NURSE)), directives, ALLOWED,
                        RuleId.ADVANCE_DIRECTIVES),
                row("physiotherapist reads directives", request(pro(DOCTOR, Profession.PHYSIOTHERAPIST)),
                        directives, ALLOWED, RuleId.ADVANCE_DIRECTIVES),
                row("masked directives hidden from a care-team nurse", request(pro(DOCTOR, Profession.NURSE)),
                        doc(DocumentClass.ADVANCE_DIRECTIVES).byPatient().masked(), DENIED, RuleId.MASKED_DOCUMENT),
                row("blocked professional does not read directives",
                        request(pro(DOCTOR, Profession.NURSE)).consent(consent().blocking(DOCTOR)), directives,
                        DENIED, RuleId.BLOCKED_PROFESSIONAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"professionMatrix", "maskedDocument", "authorAndTreatingDoctor", "withheldFromPatient",
        "advanceDirectives"})
    void documentLevelRule(String name, AccessRequest request, DocumentFacts document, boolean allowed, RuleId rule) {
        RuleTable.check(ENGINE.decide(request, document), allowed, rule);
    }
}
