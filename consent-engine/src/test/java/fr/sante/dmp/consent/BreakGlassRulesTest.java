package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.consent;
import static fr.sante.dmp.consent.Fixtures.doc;
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

/** Emergency access (L1111-17 I): any professional and the SAMU regulating doctor, unless opposed, with a reason. */
class BreakGlassRulesTest {
    private static final String REASON = "unconscious patient, ER";

    static Stream<Arguments> breakGlass() {
        Actor samu = withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.SAMU_REGULATION);
        Fixtures.Consent opposed = consent().emergencyAccessOpposed();
        return Stream.of(
                row("physician in an emergency", request(physician(DOCTOR)).breakGlass(REASON),
                        ALLOWED, RuleId.BREAK_GLASS),
                row("nurse in an emergency", request(pro(DOCTOR, Profession.NURSE)).breakGlass(REASON),
                        ALLOWED, RuleId.BREAK_GLASS),
                row("SAMU regulator with a reason", request(samu).breakGlass(REASON), ALLOWED, RuleId.BREAK_GLASS),
                row("SAMU regulator's reads are always emergency access",
                        request(samu).breakGlass(null), DENIED, RuleId.BREAK_GLASS_REASON_REQUIRED),
                row("patient opposed emergency access", request(physician(DOCTOR)).consent(opposed)
                        .breakGlass(REASON), DENIED, RuleId.BREAK_GLASS_OPPOSED),
                row("patient opposed the SAMU regulator too", request(samu).consent(opposed).breakGlass(REASON),
                        DENIED, RuleId.BREAK_GLASS_OPPOSED),
                row("opposition to emergency access does not affect ordinary care",
                        request(physician(DOCTOR)).consent(opposed), ALLOWED, RuleId.CARE_TEAM));
    }

    static Stream<Arguments> breakGlassReason() {
        return Stream.of(
                row("no reason", request(physician(DOCTOR)).breakGlass(null), DENIED,
                        RuleId.BREAK_GLASS_REASON_REQUIRED),
                row("empty reason", request(physician(DOCTOR)).breakGlass(""), DENIED,
                        RuleId.BREAK_GLASS_REASON_REQUIRED),
                row("blank reason", request(physician(DOCTOR)).breakGlass("                    "), DENIED,
                        RuleId.BREAK_GLASS_REASON_REQUIRED),
                row("nine characters padded with blanks", request(physician(DOCTOR)).breakGlass("  a b c d e f g h i  "),
                        DENIED, RuleId.BREAK_GLASS_REASON_REQUIRED),
                row("exactly ten non-blank characters", request(physician(DOCTOR)).breakGlass("abcde fghij"),
                        ALLOWED, RuleId.BREAK_GLASS),
                row("a reason does not count for an opposed patient",
                        request(physician(DOCTOR)).consent(consent().emergencyAccessOpposed()).breakGlass(null),
                        DENIED, RuleId.BREAK_GLASS_OPPOSED));
    }

    static Stream<Arguments> breakGlassOnDocuments() {
        Fixtures.Req emergency = request(physician(DOCTOR)).breakGlass(REASON);
        return Stream.of(
                row("emergency access lifts masking", emergency, doc(DocumentClass.LABORATORY_REPORT).masked(),
                        ALLOWED, RuleId.BREAK_GLASS),
                row("emergency access keeps the matrix",
                        request(pro(DOCTOR, Profession.DENTIST)).breakGlass(REASON),
                        doc(DocumentClass.ADVANCE_DIRECTIVES), DENIED, RuleId.PROFESSION_MATRIX),
                row("emergency access shows directives", emergency, doc(DocumentClass.ADVANCE_DIRECTIVES).byPatient(),
                        ALLOWED, RuleId.BREAK_GLASS),
                row("opposed emergency access hides even unmasked documents",
                        request(physician(DOCTOR)).consent(consent().emergencyAccessOpposed()).breakGlass(REASON),
                        doc(DocumentClass.LABORATORY_REPORT), DENIED, RuleId.BREAK_GLASS_OPPOSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"breakGlass", "breakGlassReason"})
    void recordLevel(String name, AccessRequest request, DocumentFacts ignored, boolean allowed, RuleId rule) {
        RuleTable.check(ENGINE.decide(request), allowed, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakGlassOnDocuments")
    void documentLevel(String name, AccessRequest request, DocumentFacts document, boolean allowed, RuleId rule) {
        RuleTable.check(ENGINE.decide(request, document), allowed, rule);
    }
}
