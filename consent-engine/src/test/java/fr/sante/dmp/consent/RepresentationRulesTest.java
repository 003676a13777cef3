package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The representatives' rules one by one: own access age, directives, personal choices. */
class RepresentationRulesTest {
    private static final ConsentEngine ENGINE = ConsentEngine.withDefaultPolicy();
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Actor.Patient PERSON = new Actor.Patient(Fixtures.INS);
    private static final Actor.Patient GUARDIAN = Actor.Patient.representedBy(Fixtures.INS,
            new Representation("l", Ins.parse("285017512345656"), RepresentationKind.GUARDIAN));

    @Test
    void underFifteenAMinorIsRefusedAloneFromFifteenLetIn() {
        assertThat(ENGINE.decideOwnAccess(LocalDate.of(2017, 5, 1), NOW).ruleId()).isEqualTo("own-access-age");
        assertThat(ENGINE.decideOwnAccess(LocalDate.of(2011, 3, 2), NOW).ruleId()).isEqualTo("own-access-age");
        assertThat(ENGINE.decideOwnAccess(LocalDate.of(2011, 3, 1), NOW).allowed()).isTrue();
    }

    @Test
    void aMinorHasNoDirectivesAGuardianNeverWritesThemAnAdultUnderGuardianshipNeedsTheAuthorisation() {
        LocalDate adult = LocalDate.of(1960, 1, 1);
        assertThat(ENGINE.decideDirectivesWrite(PERSON, LocalDate.of(2012, 1, 1), false, false, NOW).ruleId())
                .isEqualTo("directives-minor");
        assertThat(ENGINE.decideDirectivesWrite(GUARDIAN, adult, true, true, NOW).ruleId())
                .isEqualTo("representative-not-allowed");
        assertThat(ENGINE.decideDirectivesWrite(PERSON, adult, true, false, NOW).ruleId())
                .isEqualTo("directives-authorisation-required");
        assertThat(ENGINE.decideDirectivesWrite(PERSON, adult, true, true, NOW).allowed()).isTrue();
        assertThat(ENGINE.decideDirectivesWrite(PERSON, adult, false, false, NOW).allowed()).isTrue();
    }

    @Test
    void onlyThePersonHidesADocumentFromTheirRepresentatives() {
        assertThat(ENGINE.decidePersonalChoice(GUARDIAN).ruleId()).isEqualTo("representative-not-allowed");
        assertThat(ENGINE.decidePersonalChoice(PERSON).allowed()).isTrue();
    }

    @Test
    void aLinkBeforeItsFirstDayIsNotInForce() {
        RepresentationFacts link = new RepresentationFacts(RepresentationKind.PERSON_OF_TRUST, LocalDate.of(2026, 3, 2),
                Optional.empty(), Optional.empty(), LocalDate.of(1950, 1, 1));
        assertThat(ENGINE.decideRepresentation(link, NOW).ruleId()).isEqualTo("representation-not-started");
    }
}
