package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.consent;
import static fr.sante.dmp.consent.Fixtures.physician;
import static fr.sante.dmp.consent.Fixtures.pro;
import static fr.sante.dmp.consent.Fixtures.request;
import static fr.sante.dmp.consent.Fixtures.withCategory;
import static fr.sante.dmp.consent.RuleTable.ALLOWED;
import static fr.sante.dmp.consent.RuleTable.DENIED;
import static fr.sante.dmp.consent.RuleTable.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Period;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Care relationships: a professional reads or writes only as treating doctor, under a live care context, with an
 * occupational physician's running express consent, or in an emergency.
 */
class CareRelationshipRulesTest {
    private static final Actor.Professional OCCUPATIONAL_BY_SPECIALTY =
            new Actor.Professional(DOCTOR, Profession.PHYSICIAN, Optional.of("SM25"), ActorCategory.NONE);

    static Stream<Arguments> rows() {
        return Stream.of(
                row("no relationship: list refused", request(physician(DOCTOR)).withoutCareContext()
                        .action(Action.LIST_DOCUMENTS), DENIED, RuleId.CARE_RELATIONSHIP_REQUIRED),
                row("no relationship: read refused", request(physician(DOCTOR)).withoutCareContext(),
                        DENIED, RuleId.CARE_RELATIONSHIP_REQUIRED),
                row("no relationship: deposit refused", request(physician(DOCTOR)).withoutCareContext()
                        .action(Action.DEPOSIT), DENIED, RuleId.CARE_RELATIONSHIP_REQUIRED),
                row("no relationship: directives refused", request(physician(DOCTOR)).withoutCareContext()
                        .action(Action.READ_DIRECTIVES), DENIED, RuleId.CARE_RELATIONSHIP_REQUIRED),
                row("live care context: read allowed", request(physician(DOCTOR)), ALLOWED, RuleId.CARE_TEAM),
                row("treating doctor without context: allowed", request(physician(DOCTOR)).withoutCareContext()
                        .consent(consent().treatingDoctor(DOCTOR)), ALLOWED, RuleId.CARE_TEAM),
                row("treating doctor deposits", request(physician(DOCTOR)).withoutCareContext()
                        .consent(consent().treatingDoctor(DOCTOR)).action(Action.DEPOSIT), ALLOWED,
                        RuleId.CARE_TEAM_DEPOSIT),
                row("another's context does not count", request(physician(DOCTOR)).withoutCareContext()
                        .consent(consent().build().withCareContext(Fixtures.OTHER_DOCTOR)), DENIED,
                        RuleId.CARE_RELATIONSHIP_REQUIRED),
                row("emergency without context: allowed", request(physician(DOCTOR)).withoutCareContext()
                        .breakGlass("patient unconscious in ER"), ALLOWED, RuleId.BREAK_GLASS),
                row("emergency deposit without context: allowed", request(physician(DOCTOR)).withoutCareContext()
                        .breakGlass("patient unconscious in ER").action(Action.DEPOSIT), ALLOWED,
                        RuleId.CARE_TEAM_DEPOSIT),
                row("SAMU regulation without context: emergency rules",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.SAMU_REGULATION))
                                .withoutCareContext().breakGlass("appel au 15, douleur thoracique"),
                        ALLOWED, RuleId.BREAK_GLASS),
                row("blocked professional with a context: still refused", request(physician(DOCTOR))
                        .consent(consent().blocking(DOCTOR)), DENIED, RuleId.BLOCKED_PROFESSIONAL),
                row("occupational physician with running express consent: allowed without context",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.OCCUPATIONAL_HEALTH))
                                .withoutCareContext().consent(consent().expressConsentTo(DOCTOR)),
                        ALLOWED, RuleId.CARE_TEAM),
                row("occupational physician by specialty, no consent: refused even with a context",
                        request(OCCUPATIONAL_BY_SPECIALTY), DENIED, RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT),
                row("occupational physician by specialty with consent: allowed",
                        request(OCCUPATIONAL_BY_SPECIALTY).withoutCareContext()
                                .consent(consent().expressConsentTo(DOCTOR)), ALLOWED, RuleId.CARE_TEAM),
                row("express consent does not open an ordinary physician",
                        request(physician(DOCTOR)).withoutCareContext().consent(consent().expressConsentTo(DOCTOR)),
                        DENIED, RuleId.CARE_RELATIONSHIP_REQUIRED),
                row("pharmacist with a context reads a prescription",
                        request(pro(DOCTOR, Profession.PHARMACIST)), ALLOWED, RuleId.CARE_TEAM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void recordLevel(String name, AccessRequest request, DocumentFacts ignored, boolean allowed, RuleId rule) {
        Decision d = request.action() == Action.DEPOSIT
                ? ENGINE.decideDeposit(request, DocumentClass.CONSULTATION_NOTE) : ENGINE.decide(request);
        RuleTable.check(d, allowed, rule);
    }

    @Test
    void careHistoryNeedsARelationshipToo() {
        AccessRequest r = request(physician(DOCTOR)).withoutCareContext().action(Action.READ_CARE_HISTORY).build();
        assertThat(ENGINE.decideCareHistory(CareHistoryRequest.of(r, CareHistorySettings.OPEN)).ruleId())
                .isEqualTo(RuleId.CARE_RELATIONSHIP_REQUIRED.id());
    }

    @Test
    void contextsLastNinetyDaysAndThreeForPharmacistsAndDeclarationIsOffByDefault() {
        assertThat(ENGINE.careContexts().duration(Profession.PHYSICIAN)).isEqualTo(Period.ofDays(90));
        assertThat(ENGINE.careContexts().duration(Profession.PHARMACIST)).isEqualTo(Period.ofDays(3));
        assertThat(ENGINE.careContexts().declared()).isFalse();
    }

    @Test
    void onlyAPhysicianMayBeTreatingDoctor() {
        for (Profession p : Profession.values()) {
            assertThat(ENGINE.mayBeTreatingDoctor(p)).isEqualTo(p == Profession.PHYSICIAN);
        }
    }

    @Test
    void anOccupationalPhysicianIsRecognisedByCategoryOrSpecialty() {
        assertThat(ENGINE.needsExpressConsent(OCCUPATIONAL_BY_SPECIALTY)).isTrue();
        assertThat(ENGINE.needsExpressConsent(
                withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.OCCUPATIONAL_HEALTH))).isTrue();
        assertThat(ENGINE.needsExpressConsent(physician(DOCTOR))).isFalse();
    }
}
