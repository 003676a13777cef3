package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants that no combination of actor, settings, state, purpose and document may break. A small pool of RPPS makes
 * coincidences (blocked = author = treating doctor) frequent.
 */
class ConsentInvariantsTest {
    private static final ConsentEngine ENGINE = ConsentEngine.withDefaultPolicy();
    private static final List<Rpps> POOL = List.of(Fixtures.DOCTOR, Fixtures.OTHER_DOCTOR, Fixtures.TREATING,
            Fixtures.AUTHOR, Fixtures.rpps("1000000002"));

    @Property(tries = 300)
    void blockedProfessionalIsNeverAllowedAnything(@ForAll("requests") AccessRequest any,
            @ForAll("documents") DocumentFacts doc, @ForAll("documentLists") List<DocumentFacts> docs) {
        Actor.Professional pro = professionalOrDefault(any.actor());
        ConsentSettings s = any.consent();
        ConsentSettings blocking = new ConsentSettings(union(s.blocked(), pro.rpps()), s.treatingDoctor(),
                s.emergencyAccessOpposed(), s.expressConsents(), s.careContexts());
        AccessRequest r = new AccessRequest(pro, any.action(), any.state(), blocking, any.purpose(), any.reason(),
                any.at());
        assertNothingAllowed(r, doc, docs);
    }

    @Property(tries = 300)
    void opposedOrPurgedRecordIsNeverReadableByAnyone(@ForAll("requests") AccessRequest any,
            @ForAll("documents") DocumentFacts doc, @ForAll("documentLists") List<DocumentFacts> docs,
            @ForAll boolean purged) {
        AccessRequest r = new AccessRequest(any.actor(), any.action(),
                purged ? RecordState.PURGED : RecordState.OPPOSED, any.consent(), any.purpose(), any.reason(), any.at());
        assertNothingAllowed(r, doc, docs);
        assertThat(ENGINE.decide(r).ruleId()).isIn(RuleId.RECORD_ERASED.id(), RuleId.FORBIDDEN_CATEGORY.id());
    }

    @Property(tries = 300)
    void insurerOrMutualIsNeverAllowedAnything(@ForAll("requests") AccessRequest any,
            @ForAll("documents") DocumentFacts doc, @ForAll("documentLists") List<DocumentFacts> docs,
            @ForAll boolean mutual) {
        Actor.Professional p = professionalOrDefault(any.actor());
        Actor.Professional insurer = new Actor.Professional(p.rpps(), p.profession(), p.specialty(),
                mutual ? ActorCategory.MUTUAL_FUND : ActorCategory.INSURER);
        AccessRequest r = new AccessRequest(insurer, any.action(), any.state(), any.consent(), any.purpose(),
                any.reason(), any.at());
        assertNothingAllowed(r, doc, docs);
    }

    @Property(tries = 300)
    void maskingNeverHidesADocumentFromItsAuthor(@ForAll("requests") AccessRequest any,
            @ForAll("documents") DocumentFacts doc) {
        Actor.Professional pro = professionalOrDefault(any.actor());
        AccessRequest r = new AccessRequest(pro, any.action(), any.state(), any.consent(), any.purpose(),
                any.reason(), any.at());
        DocumentFacts authored = copy(doc, Optional.of(pro.rpps()), true);
        Decision masked = ENGINE.decide(r, authored);
        Decision unmasked = ENGINE.decide(r, copy(doc, Optional.of(pro.rpps()), false));
        assertThat(masked.allowed()).isEqualTo(unmasked.allowed());
        if (r.action() != Action.DEPOSIT && ENGINE.decide(r).allowed()) {
            assertThat(masked.allowed()).isTrue();
        }
    }

    @Property(tries = 300)
    void maskedDocumentsReachOnlyThePatientTreatingDoctorAuthorOrEmergency(@ForAll("requests") AccessRequest r,
            @ForAll("documents") DocumentFacts doc) {
        DocumentFacts masked = copy(doc, doc.author(), true);
        Decision d = ENGINE.decide(r, masked);
        if (d.allowed() && r.action() != Action.DEPOSIT && r.actor() instanceof Actor.Professional) {
            Rpps who = ((Actor.Professional) r.actor()).rpps();
            boolean emergency = d.ruleId().equals(RuleId.BREAK_GLASS.id());
            assertThat(masked.isAuthoredBy(who) || r.consent().isTreatingDoctor(who) || emergency).isTrue();
            if (emergency) {
                assertThat(r.consent().emergencyAccessOpposed()).isFalse();
            }
        }
    }

    @Property(tries = 500)
    void noDocumentReachesAProfessionalWithoutACareRelationshipOrAnEmergency(@ForAll("requests") AccessRequest r,
            @ForAll("documentLists") List<DocumentFacts> docs) {
        if (!(r.actor() instanceof Actor.Professional pro)) {
            return;
        }
        Rpps who = pro.rpps();
        boolean emergency = r.purpose() == Purpose.BREAK_GLASS || pro.category() == ActorCategory.SAMU_REGULATION;
        boolean related = r.consent().isTreatingDoctor(who) || r.consent().careContexts().contains(who)
                || (ENGINE.needsExpressConsent(pro) && r.consent().expressConsents().contains(who));
        if (!related && !emergency) {
            assertThat(ENGINE.filter(r, docs).visible()).isEmpty();
            for (DocumentFacts d : docs) {
                assertThat(ENGINE.decide(r, d).allowed()).isFalse();
                assertThat(ENGINE.decideDeposit(r, d.documentClass()).allowed()).isFalse();
            }
        }
    }

    @Property(tries = 300)
    void filterAgreesWithTheDocumentDecisionAndEveryDecisionNamesAKnownRule(@ForAll("requests") AccessRequest r,
            @ForAll("documentLists") List<DocumentFacts> docs) {
        ConsentEngine.Filtered f = ENGINE.filter(r, docs);
        assertKnownRule(f.decision());
        assertThat(f.visible().size() + f.hiddenCount()).isEqualTo(docs.size());
        if (r.action() != Action.DEPOSIT) {
            for (DocumentFacts d : docs) {
                Decision decision = ENGINE.decide(r, d);
                assertKnownRule(decision);
                assertThat(f.visible().contains(d)).isEqualTo(decision.allowed());
            }
        }
    }

    private static void assertNothingAllowed(AccessRequest r, DocumentFacts doc, List<DocumentFacts> docs) {
        assertThat(ENGINE.decide(r).allowed()).isFalse();
        assertThat(ENGINE.decide(r, doc).allowed()).isFalse();
        assertThat(ENGINE.decideDeposit(r, doc.documentClass()).allowed()).isFalse();
        assertThat(ENGINE.filter(r, docs).visible()).isEmpty();
    }

    private static void assertKnownRule(Decision d) {
        RuleId rule = RuleId.fromId(d.ruleId()).orElseThrow();
        assertThat(d.allowed()).isEqualTo(rule.allows());
    }

    private static Actor.Professional professionalOrDefault(Actor a) {
        return a instanceof Actor.Professional ? (Actor.Professional) a : Fixtures.physician(Fixtures.DOCTOR);
    }

    private static Set<Rpps> union(Set<Rpps> set, Rpps one) {
        java.util.HashSet<Rpps> out = new java.util.HashSet<>(set);
        out.add(one);
        return out;
    }

    private static DocumentFacts copy(DocumentFacts d, Optional<Rpps> author, boolean masked) {
        return new DocumentFacts(d.id(), d.documentClass(), author, d.depositedAt(), masked, d.withheldFromPatient(),
                d.releasedAt());
    }

    // ---- generators ----

    private static Arbitrary<Rpps> rpps() {
        return Arbitraries.of(POOL);
    }

    private static Arbitrary<Instant> around() {
        return Arbitraries.longs().between(-400, 400).map(days -> Fixtures.NOW.plus(Duration.ofDays(days)));
    }

    @Provide
    Arbitrary<Actor> actors() {
        Arbitrary<Actor> pros = Combinators.combine(rpps(), Arbitraries.of(Profession.class),
                Arbitraries.of(ActorCategory.class))
                .as((r, p, c) -> new Actor.Professional(r, p, Optional.empty(), c));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Fixtures.patient())),
                net.jqwik.api.Tuple.of(4, pros));
    }

    @Provide
    Arbitrary<ConsentSettings> settings() {
        return Combinators.combine(rpps().set().ofMaxSize(3), rpps().optional(), Arbitraries.of(true, false),
                rpps().set().ofMaxSize(3), rpps().set().ofMaxSize(3)).as(ConsentSettings::new);
    }

    @Provide
    Arbitrary<AccessRequest> requests() {
        Arbitrary<Optional<String>> reasons = Arbitraries.oneOf(
                Arbitraries.just(""), Arbitraries.just("          "), Arbitraries.just("short"),
                Arbitraries.just("patient unconscious in ER"), Arbitraries.strings().ofMaxLength(20)).optional();
        return Combinators.combine(actors(), Arbitraries.of(Action.class), Arbitraries.of(RecordState.class),
                settings(), Arbitraries.of(Purpose.class), reasons, around())
                .as(AccessRequest::new);
    }

    @Provide
    Arbitrary<DocumentFacts> documents() {
        return Combinators.combine(Arbitraries.of(DocumentClass.class), rpps().optional(), around(),
                Arbitraries.of(true, false), Arbitraries.of(true, false), around().optional())
                .as((c, author, at, masked, withheld, released) ->
                        new DocumentFacts("d", c, author, at, masked, withheld, released));
    }

    @Provide
    Arbitrary<List<DocumentFacts>> documentLists() {
        return documents().list().ofMaxSize(8);
    }
}
