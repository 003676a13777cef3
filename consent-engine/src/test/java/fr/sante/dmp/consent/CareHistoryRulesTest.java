package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.NOW;
import static fr.sante.dmp.consent.Fixtures.TREATING;
import static fr.sante.dmp.consent.Fixtures.consent;
import static fr.sante.dmp.consent.Fixtures.patient;
import static fr.sante.dmp.consent.Fixtures.physician;
import static fr.sante.dmp.consent.Fixtures.pro;
import static fr.sante.dmp.consent.Fixtures.request;
import static fr.sante.dmp.consent.Fixtures.withCategory;
import static fr.sante.dmp.consent.RuleTable.ALLOWED;
import static fr.sante.dmp.consent.RuleTable.DENIED;
import static fr.sante.dmp.consent.RuleTable.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Care-history rules: quarantine, opening, hidden and sensitive lines, minors' confidential acts, 24-month window. */
class CareHistoryRulesTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-03-01");
    private static final CareHistorySettings CLOSED = CareHistorySettings.QUARANTINED;
    private static final CareHistorySettings OPEN = CareHistorySettings.OPEN;

    private static Arguments row(String name, CareHistoryRequest request, Line line, boolean allowed, RuleId rule) {
        return Arguments.of(name, request, line == null ? null : line.build(), allowed, rule);
    }

    private static CareHistoryRequest ask(Fixtures.Req request, CareHistorySettings settings) {
        return CareHistoryRequest.of(request.action(Action.READ_CARE_HISTORY).build(), settings);
    }

    private static CareHistoryRequest representative(CareHistorySettings settings) {
        return CareHistoryRequest.byLegalRepresentative(request(patient()).build(), settings);
    }

    static Stream<Arguments> recordLevel() {
        Fixtures.Consent treating = consent().treatingDoctor(TREATING);
        return Stream.of(
                row("quarantined history hidden from a care-team physician", ask(request(physician(DOCTOR)), CLOSED),
                        null, DENIED, RuleId.CARE_HISTORY_QUARANTINE),
                row("quarantined history visible to the treating doctor",
                        ask(request(physician(TREATING)).consent(treating), CLOSED), null, ALLOWED,
                        RuleId.CARE_HISTORY_TREATING_DOCTOR),
                row("quarantined history visible to the patient", ask(request(patient()), CLOSED), null, ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("opened history visible to a pharmacist", ask(request(pro(DOCTOR, Profession.PHARMACIST)), OPEN),
                        null, ALLOWED, RuleId.CARE_HISTORY_OPENED),
                row("opened history under emergency access is break-glass",
                        ask(request(physician(DOCTOR)).breakGlass("unconscious, on anticoagulants?"), OPEN), null,
                        ALLOWED, RuleId.BREAK_GLASS),
                row("quarantine holds under emergency access",
                        ask(request(physician(DOCTOR)).breakGlass("unconscious, on anticoagulants?"), CLOSED), null,
                        DENIED, RuleId.CARE_HISTORY_QUARANTINE),
                row("emergency opposed beats an opened history",
                        ask(request(physician(DOCTOR)).consent(consent().emergencyAccessOpposed())
                                .breakGlass("unconscious after a fall"), OPEN), null, DENIED,
                        RuleId.BREAK_GLASS_OPPOSED),
                row("blocked treating doctor sees nothing",
                        ask(request(physician(TREATING)).consent(consent().treatingDoctor(TREATING).blocking(TREATING)),
                                OPEN), null, DENIED, RuleId.BLOCKED_PROFESSIONAL),
                row("insurer never, even opened",
                        ask(request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER)), OPEN), null,
                        DENIED, RuleId.FORBIDDEN_CATEGORY),
                row("the feed reads nothing, even opened",
                        ask(request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER_FEED)), OPEN),
                        null, DENIED, RuleId.DEPOSIT_ONLY_CATEGORY),
                row("occupational physician without express consent",
                        ask(request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.OCCUPATIONAL_HEALTH)),
                                OPEN), null, DENIED, RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT),
                row("invited record: professionals see nothing",
                        ask(request(physician(TREATING)).consent(treating).state(RecordState.INVITED), OPEN), null,
                        DENIED, RuleId.RECORD_NOT_ACTIVE),
                row("invited record: the patient sees the lines kept for them",
                        ask(request(patient()).state(RecordState.INVITED), CLOSED), null, ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("opposed record: not even the patient", ask(request(patient()).state(RecordState.OPPOSED), OPEN),
                        null, DENIED, RuleId.RECORD_ERASED),
                row("legal representative reads the minor's history", representative(CLOSED), null, ALLOWED,
                        RuleId.CARE_HISTORY_LEGAL_REPRESENTATIVE));
    }

    static Stream<Arguments> lineLevel() {
        CareHistoryRequest opened = ask(request(physician(DOCTOR)), OPEN);
        CareHistoryRequest treating = ask(request(physician(TREATING)).consent(consent().treatingDoctor(TREATING)),
                CLOSED);
        CareHistoryRequest own = ask(request(patient()), CLOSED);
        return Stream.of(
                row("ordinary line on an opened history", opened, line(), ALLOWED, RuleId.CARE_HISTORY_OPENED),
                row("hidden line: not for a professional", opened, line().hidden(), DENIED,
                        RuleId.CARE_HISTORY_LINE_HIDDEN),
                row("hidden line: not even for the treating doctor", treating, line().hidden(), DENIED,
                        RuleId.CARE_HISTORY_LINE_HIDDEN),
                row("hidden line: the patient still sees it", own, line().hidden(), ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("sensitive line: not for a professional", opened, line().sensitive(), DENIED,
                        RuleId.CARE_HISTORY_SENSITIVE),
                row("sensitive line: not for the treating doctor", treating, line().sensitive(), DENIED,
                        RuleId.CARE_HISTORY_SENSITIVE),
                row("sensitive line shown by the patient", opened, line().sensitive().shown(), ALLOWED,
                        RuleId.CARE_HISTORY_OPENED),
                row("sensitive line shown then hidden: hidden wins", opened, line().sensitive().shown().hidden(),
                        DENIED, RuleId.CARE_HISTORY_LINE_HIDDEN),
                row("sensitive line: the patient sees it", own, line().sensitive(), ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("minor's confidential act hidden from the legal representative", representative(CLOSED),
                        line().minorConfidential(), DENIED, RuleId.CARE_HISTORY_MINOR_CONFIDENTIAL),
                row("minor's confidential act seen by the minor", own, line().minorConfidential(), ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("legal representative sees a sensitive line (they act for the minor)", representative(CLOSED), line().sensitive(),
                        ALLOWED, RuleId.CARE_HISTORY_LEGAL_REPRESENTATIVE),
                row("line of exactly 24 months ago is still inside", own, line().on(TODAY.minusMonths(24)), ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("line one day older than 24 months: not even the patient", own,
                        line().on(TODAY.minusMonths(24).minusDays(1)), DENIED, RuleId.CARE_HISTORY_OUTSIDE_WINDOW),
                row("old line: not for the treating doctor", treating, line().on(TODAY.minusMonths(30)), DENIED,
                        RuleId.CARE_HISTORY_OUTSIDE_WINDOW),
                row("old line: not for the legal representative", representative(CLOSED),
                        line().on(TODAY.minusMonths(25)), DENIED, RuleId.CARE_HISTORY_OUTSIDE_WINDOW));
    }

    static Stream<Arguments> feed() {
        Actor.Professional feeder = withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER_FEED);
        return Stream.of(
                row("feed adds to an active record", CareHistoryRequest.of(request(feeder).build(), CLOSED), null,
                        ALLOWED, RuleId.CARE_HISTORY_FEED),
                row("feed adds to an invited record",
                        CareHistoryRequest.of(request(feeder).state(RecordState.INVITED).build(), CLOSED), null,
                        ALLOWED, RuleId.CARE_HISTORY_FEED),
                row("feed refused on an opposed record",
                        CareHistoryRequest.of(request(feeder).state(RecordState.OPPOSED).build(), CLOSED), null,
                        DENIED, RuleId.RECORD_ERASED),
                row("feed refused on a purged record",
                        CareHistoryRequest.of(request(feeder).state(RecordState.PURGED).build(), CLOSED), null,
                        DENIED, RuleId.RECORD_ERASED),
                row("feed refused on a closed record",
                        CareHistoryRequest.of(request(feeder).state(RecordState.CLOSED).build(), CLOSED), null,
                        DENIED, RuleId.RECORD_NOT_ACTIVE),
                row("a physician does not feed lines", CareHistoryRequest.of(request(physician(DOCTOR)).build(),
                        CLOSED), null, DENIED, RuleId.CARE_HISTORY_FEEDER_ONLY),
                row("the patient does not feed lines", CareHistoryRequest.of(request(patient()).build(), CLOSED),
                        null, DENIED, RuleId.CARE_HISTORY_FEEDER_ONLY),
                row("an insurer does not feed lines",
                        CareHistoryRequest.of(request(withCategory(DOCTOR, Profession.PHYSICIAN,
                                ActorCategory.INSURER)).build(), CLOSED), null, DENIED, RuleId.FORBIDDEN_CATEGORY),
                row("the feed identity is checked before the record state",
                        CareHistoryRequest.of(request(physician(DOCTOR)).state(RecordState.OPPOSED).build(), CLOSED),
                        null, DENIED, RuleId.CARE_HISTORY_FEEDER_ONLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordLevel")
    void recordLevelRules(String name, CareHistoryRequest request, CareHistoryLineFacts none, boolean allowed,
            RuleId rule) {
        check(ENGINE.decideCareHistory(request), allowed, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineLevel")
    void lineLevelRules(String name, CareHistoryRequest request, CareHistoryLineFacts line, boolean allowed,
            RuleId rule) {
        check(ENGINE.decideCareHistory(request, line), allowed, rule);
        assertThat(ENGINE.filterCareHistory(request, List.of(line)).visible().contains(line)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feed")
    void feedRules(String name, CareHistoryRequest request, CareHistoryLineFacts none, boolean allowed, RuleId rule) {
        check(ENGINE.decideCareHistoryFeed(request.access()), allowed, rule);
    }

    @Test
    void aGenericDecideOnTheCareHistoryAnswersAsQuarantined() {
        check(ENGINE.decide(request(physician(DOCTOR)).action(Action.READ_CARE_HISTORY).build()), DENIED,
                RuleId.CARE_HISTORY_QUARANTINE);
    }

    @Test
    void theWindowCutoffIs24MonthsBeforeTodayInUtc() {
        assertThat(ENGINE.careHistoryCutoff(NOW)).isEqualTo(LocalDate.parse("2024-03-01"));
        assertThat(ENGINE.careHistoryCutoff(java.time.Instant.parse("2026-02-28T23:30:00Z")))
                .isEqualTo(LocalDate.parse("2024-02-28"));
    }

    @Test
    void filterKeepsOrderAndCountsHidden() {
        CareHistoryLineFacts a = line().id("a").build();
        CareHistoryLineFacts b = line().id("b").sensitive().build();
        CareHistoryLineFacts c = line().id("c").on(TODAY.minusMonths(3)).build();
        ConsentEngine.CareHistoryFiltered f = ENGINE.filterCareHistory(ask(request(physician(DOCTOR)), OPEN),
                List.of(a, b, c));
        assertThat(f.visible()).containsExactly(a, c);
        assertThat(f.hiddenCount()).isEqualTo(1);
        ConsentEngine.CareHistoryFiltered quarantined = ENGINE.filterCareHistory(ask(request(physician(DOCTOR)),
                CLOSED), List.of(a, b, c));
        assertThat(quarantined.visible()).isEmpty();
        assertThat(quarantined.hiddenCount()).isEqualTo(3);
    }

    @Test
    void onlyAPatientSpaceActorCanBeALegalRepresentative() {
        assertThatThrownBy(() -> CareHistoryRequest.byLegalRepresentative(request(physician(DOCTOR)).build(), OPEN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Line line() {
        return new Line();
    }

    /** Builder of {@link CareHistoryLineFacts}: by default an ordinary line of a month ago. */
    static final class Line {
        private String id = "line-1";
        private LocalDate date = TODAY.minusMonths(1);
        private boolean sensitive;
        private boolean hidden;
        private boolean shown;
        private boolean minor;

        Line id(String v) {
            id = v;
            return this;
        }

        Line on(LocalDate d) {
            date = d;
            return this;
        }

        Line sensitive() {
            sensitive = true;
            return this;
        }

        Line hidden() {
            hidden = true;
            return this;
        }

        Line shown() {
            shown = true;
            return this;
        }

        Line minorConfidential() {
            minor = true;
            return this;
        }

        CareHistoryLineFacts build() {
            return new CareHistoryLineFacts(id, date, sensitive, hidden, shown, minor);
        }
    }
}
