package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Care-history invariants over every combination of actor, consent settings, record state, purpose, the patient's
 * care-history setting, the actor's patient-space role and line facts (dates spread around the 24-month edge).
 */
class CareHistoryInvariantsTest {
    private static final ConsentEngine ENGINE = ConsentEngine.withDefaultPolicy();
    private final ConsentInvariantsTest generators = new ConsentInvariantsTest();

    @Property(tries = 400)
    void aSensitiveLineNeverReachesAProfessionalUnlessThePatientShowedIt(@ForAll("requests") CareHistoryRequest r,
            @ForAll("lines") CareHistoryLineFacts line) {
        CareHistoryLineFacts sensitive = new CareHistoryLineFacts(line.id(), line.dateOfCare(), true,
                line.hiddenByPatient(), false, line.minorConfidential());
        if (r.access().actor() instanceof Actor.Professional) {
            assertThat(ENGINE.decideCareHistory(r, sensitive).allowed()).isFalse();
        }
    }

    @Property(tries = 400)
    void aLineThePatientHidNeverReachesAProfessional(@ForAll("requests") CareHistoryRequest r,
            @ForAll("lines") CareHistoryLineFacts line) {
        CareHistoryLineFacts hidden = new CareHistoryLineFacts(line.id(), line.dateOfCare(), line.sensitive(), true,
                line.shownByPatient(), line.minorConfidential());
        if (r.access().actor() instanceof Actor.Professional) {
            assertThat(ENGINE.decideCareHistory(r, hidden).allowed()).isFalse();
        }
    }

    @Property(tries = 400)
    void aMinorsConfidentialActNeverReachesALegalRepresentative(@ForAll("requests") CareHistoryRequest any,
            @ForAll("lines") CareHistoryLineFacts line) {
        CareHistoryRequest r = CareHistoryRequest.byLegalRepresentative(
                copy(any.access(), Fixtures.patient()), any.settings());
        CareHistoryLineFacts confidential = new CareHistoryLineFacts(line.id(), line.dateOfCare(), line.sensitive(),
                line.hiddenByPatient(), line.shownByPatient(), true);
        assertThat(ENGINE.decideCareHistory(r, confidential).allowed()).isFalse();
    }

    @Property(tries = 400)
    void aLineOlderThanTheWindowReachesNobody(@ForAll("requests") CareHistoryRequest r,
            @ForAll("lines") CareHistoryLineFacts line) {
        Decision d = ENGINE.decideCareHistory(r, line);
        if (line.dateOfCare().isBefore(ENGINE.careHistoryCutoff(r.access().at()))) {
            assertThat(d.allowed()).isFalse();
        }
    }

    @Property(tries = 400)
    void aQuarantinedHistoryReachesOnlyThePatientSpaceAndTheTreatingDoctor(@ForAll("requests") CareHistoryRequest any,
            @ForAll("lines") CareHistoryLineFacts line) {
        CareHistoryRequest r = new CareHistoryRequest(any.access(), any.role(), CareHistorySettings.QUARANTINED);
        Decision d = ENGINE.decideCareHistory(r, line);
        if (d.allowed() && r.access().actor() instanceof Actor.Professional pro) {
            assertThat(r.access().consent().isTreatingDoctor(pro.rpps())).isTrue();
            assertThat(r.access().consent().isBlocked(pro.rpps())).isFalse();
        }
    }

    @Property(tries = 400)
    void insurersMutualsAndTheFeedNeverReadTheCareHistory(@ForAll("requests") CareHistoryRequest any,
            @ForAll("lines") CareHistoryLineFacts line, @ForAll("readless") ActorCategory category) {
        Actor.Professional p = any.access().actor() instanceof Actor.Professional pro ? pro
                : Fixtures.physician(Fixtures.TREATING);
        Actor.Professional who = new Actor.Professional(p.rpps(), p.profession(), p.specialty(), category);
        CareHistoryRequest r = CareHistoryRequest.of(copy(any.access(), who), any.settings());
        assertThat(ENGINE.decideCareHistory(r).allowed()).isFalse();
        assertThat(ENGINE.decideCareHistory(r, line).allowed()).isFalse();
        assertThat(ENGINE.filterCareHistory(r, List.of(line)).visible()).isEmpty();
    }

    @Property(tries = 400)
    void onlyTheFeedWritesAndOnlyIntoActiveOrInvitedRecords(@ForAll("requests") CareHistoryRequest r) {
        Decision d = ENGINE.decideCareHistoryFeed(r.access());
        assertKnownRule(d);
        if (d.allowed()) {
            assertThat(r.access().actor()).isInstanceOfSatisfying(Actor.Professional.class,
                    pro -> assertThat(pro.category()).isEqualTo(ActorCategory.INSURER_FEED));
            assertThat(r.access().state()).isIn(RecordState.ACTIVE, RecordState.INVITED);
        }
    }

    @Property(tries = 300)
    void filterAgreesWithTheLineDecisionAndEveryDecisionNamesAKnownRule(@ForAll("requests") CareHistoryRequest r,
            @ForAll("lineLists") List<CareHistoryLineFacts> lines) {
        ConsentEngine.CareHistoryFiltered f = ENGINE.filterCareHistory(r, lines);
        assertKnownRule(f.decision());
        assertThat(f.visible().size() + f.hiddenCount()).isEqualTo(lines.size());
        for (CareHistoryLineFacts line : lines) {
            Decision d = ENGINE.decideCareHistory(r, line);
            assertKnownRule(d);
            assertThat(f.visible().contains(line)).isEqualTo(d.allowed());
        }
    }

    private static void assertKnownRule(Decision d) {
        RuleId rule = RuleId.fromId(d.ruleId()).orElseThrow();
        assertThat(d.allowed()).isEqualTo(rule.allows());
    }

    private static AccessRequest copy(AccessRequest a, Actor actor) {
        return new AccessRequest(actor, a.action(), a.state(), a.consent(), a.purpose(), a.reason(), a.at());
    }

    // ---- generators ----

    @Provide
    Arbitrary<ActorCategory> readless() {
        return Arbitraries.of(ActorCategory.INSURER, ActorCategory.MUTUAL_FUND, ActorCategory.INSURER_FEED);
    }

    @Provide
    Arbitrary<CareHistoryRequest> requests() {
        return Combinators.combine(generators.requests(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((access, open, representative) -> representative && access.actor() instanceof Actor.Patient
                        ? CareHistoryRequest.byLegalRepresentative(access, CareHistorySettings.of(open))
                        : CareHistoryRequest.of(access, CareHistorySettings.of(open)));
    }

    @Provide
    Arbitrary<CareHistoryLineFacts> lines() {
        LocalDate today = LocalDate.ofInstant(Fixtures.NOW, ZoneOffset.UTC);
        // The requests' time moves +/- 400 days around NOW: spread lines over 0..40 months back so both edges occur.
        Arbitrary<LocalDate> dates = Arbitraries.integers().between(-30, 1250).map(today::minusDays);
        return Combinators.combine(Arbitraries.of("a", "b", "c"), dates, Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(CareHistoryLineFacts::new);
    }

    @Provide
    Arbitrary<List<CareHistoryLineFacts>> lineLists() {
        return lines().list().ofMaxSize(8);
    }
}
