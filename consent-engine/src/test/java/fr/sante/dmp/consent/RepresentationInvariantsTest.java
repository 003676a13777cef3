package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The three properties issue 16 names for representatives: confidential items never reach a representative; an
 * ended link is refused from the very next instant; parental authority never outlives the majority birthday.
 */
class RepresentationInvariantsTest {
    private static final ConsentEngine ENGINE = ConsentEngine.withDefaultPolicy();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Ins PARENT = Ins.parse("285017512345656");

    @Property(tries = 500)
    void aRepresentativeNeverSeesAConfidentialFromRepresentativesItem(
            @ForAll("representatives") Actor.Patient representative, @ForAll RecordState state,
            @ForAll Action action, @ForAll("documents") DocumentFacts doc, @ForAll("documentLists") List<DocumentFacts> docs,
            @ForAll("lines") CareHistoryLineFacts line, @ForAll boolean opened) {
        AccessRequest r = new AccessRequest(representative, action, state, ConsentSettings.DEFAULT, Purpose.CARE,
                Optional.empty(), Fixtures.NOW);
        DocumentFacts secret = confidential(doc);
        if (action != Action.DEPOSIT) {
            assertThat(ENGINE.decide(r, secret).allowed()).isFalse();
        }
        ConsentEngine.Filtered f = ENGINE.filter(r, docs);
        assertThat(f.visible()).noneMatch(DocumentFacts::confidentialFromRepresentatives);
        CareHistoryLineFacts secretLine = new CareHistoryLineFacts(line.id(), line.dateOfCare(), line.sensitive(),
                line.hiddenByPatient(), line.shownByPatient(), true);
        CareHistoryRequest history = CareHistoryRequest.of(r, CareHistorySettings.of(opened));
        assertThat(ENGINE.decideCareHistory(history, secretLine).allowed()).isFalse();
        assertThat(ENGINE.filterCareHistory(history, List.of(line, secretLine)).visible())
                .noneMatch(CareHistoryLineFacts::minorConfidential);
    }

    @Property(tries = 300)
    void thePersonThemselfStillSeesTheirConfidentialItems(@ForAll("documents") DocumentFacts doc) {
        DocumentFacts secret = confidential(doc);
        AccessRequest r = new AccessRequest(Fixtures.patient(), Action.READ_DOCUMENT, RecordState.ACTIVE,
                ConsentSettings.DEFAULT, Purpose.CARE, Optional.empty(), Fixtures.NOW);
        assertThat(ENGINE.decide(r, secret).allowed()).isEqualTo(ENGINE.decide(r, doc).allowed());
    }

    @Property(tries = 500)
    void aLinkThatEndedIsRefusedFromTheVeryNextRequest(@ForAll("links") RepresentationFacts link,
            @ForAll @IntRange(min = 0, max = 400) int daysLater, @ForAll @IntRange(min = 1, max = 86_400) int seconds) {
        Instant ended = link.from().atStartOfDay(PARIS).toInstant().plus(Duration.ofDays(daysLater));
        RepresentationFacts endedLink = new RepresentationFacts(link.kind(), link.from(), link.until(),
                Optional.of(ended), link.representedBirthDate());
        assertThat(ENGINE.decideRepresentation(endedLink, ended).allowed()).isFalse();
        Decision next = ENGINE.decideRepresentation(endedLink, ended.plusSeconds(seconds));
        assertThat(next.allowed()).isFalse();
        assertThat(next.ruleId()).isIn(RuleId.REPRESENTATION_ENDED.id(), RuleId.REPRESENTATION_MAJORITY.id());
    }

    @Property(tries = 500)
    void noRepresentativeActsAfterTheEighteenthBirthdayUnderParentalAuthority(@ForAll("links") RepresentationFacts any,
            @ForAll @IntRange(min = 0, max = 20_000) int daysAfterMajority, @ForAll @IntRange(min = 0, max = 86_399) int second) {
        RepresentationFacts parental = new RepresentationFacts(RepresentationKind.PARENTAL_AUTHORITY, any.from(),
                any.until(), any.endedAt(), any.representedBirthDate());
        Instant at = any.representedBirthDate().plusYears(18).plusDays(daysAfterMajority).atStartOfDay(PARIS)
                .toInstant().plusSeconds(second);
        assertThat(ENGINE.decideRepresentation(parental, at).allowed()).isFalse();
    }

    @Property(tries = 300)
    void aLinkInForceLetsItsRepresentativeAct(@ForAll("links") RepresentationFacts any,
            @ForAll @IntRange(min = 0, max = 300) int daysIn) {
        RepresentationFacts open = new RepresentationFacts(RepresentationKind.GUARDIAN, any.from(), Optional.empty(),
                Optional.empty(), any.representedBirthDate());
        Instant at = any.from().plusDays(daysIn).atStartOfDay(PARIS).toInstant().plusSeconds(3600);
        assertThat(ENGINE.decideRepresentation(open, at).ruleId()).isEqualTo(RuleId.REPRESENTATION_IN_FORCE.id());
    }

    // ---- generators ----

    private static DocumentFacts confidential(DocumentFacts d) {
        return new DocumentFacts(d.id(), d.documentClass(), d.author(), d.depositedAt(), d.masked(),
                d.withheldFromPatient(), d.releasedAt(), true);
    }

    private static Arbitrary<Instant> around() {
        return Arbitraries.longs().between(-400, 400).map(days -> Fixtures.NOW.plus(Duration.ofDays(days)));
    }

    @Provide
    Arbitrary<Actor.Patient> representatives() {
        return Arbitraries.of(RepresentationKind.class).map(kind ->
                Actor.Patient.representedBy(Fixtures.INS, new Representation("link", PARENT, kind)));
    }

    @Provide
    Arbitrary<DocumentFacts> documents() {
        return Combinators.combine(Arbitraries.of(DocumentClass.class), Arbitraries.of(Fixtures.DOCTOR).optional(),
                around(), Arbitraries.of(true, false), Arbitraries.of(true, false), around().optional(),
                Arbitraries.of(true, false))
                .as((c, author, at, masked, withheld, released, secret) ->
                        new DocumentFacts("d", c, author, at, masked, withheld, released, secret));
    }

    @Provide
    Arbitrary<List<DocumentFacts>> documentLists() {
        return documents().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<CareHistoryLineFacts> lines() {
        return Combinators.combine(Arbitraries.longs().between(0, 900), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((age, sensitive, hidden, shown, secret) -> new CareHistoryLineFacts("l",
                        LocalDate.ofInstant(Fixtures.NOW, PARIS).minusDays(age), sensitive, hidden, shown, secret));
    }

    @Provide
    Arbitrary<RepresentationFacts> links() {
        Arbitrary<LocalDate> births = Arbitraries.longs().between(0, 30_000).map(d -> LocalDate.of(1940, 1, 1).plusDays(d));
        return Combinators.combine(Arbitraries.of(RepresentationKind.class), births,
                Arbitraries.longs().between(0, 6000), Arbitraries.longs().between(0, 9000).optional(),
                around().optional())
                .as((kind, birth, startAfterBirth, length, ended) -> new RepresentationFacts(kind,
                        birth.plusDays(startAfterBirth), length.map(l -> birth.plusDays(startAfterBirth + l)), ended,
                        birth));
    }
}
