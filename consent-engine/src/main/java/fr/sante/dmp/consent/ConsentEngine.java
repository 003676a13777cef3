package fr.sante.dmp.consent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one door for consent: every read or write of a record asks here. Built from a validated policy file
 * compiled to lookup tables; no I/O after construction, thread-safe, allocation-light.
 *
 * <p>Evaluation order (first match decides; see {@code docs/consent-engine.md}). For a professional:
 * {@code forbidden-category} → {@code record-erased} / {@code record-not-active} → {@code blocked-professional} →
 * {@code deposit-only-category} → {@code occupational-health-without-consent} → for deposits
 * {@code care-relationship-required} (unless in an emergency) → {@code deposit-matrix} / {@code care-team-deposit}; for
 * reads in an emergency {@code break-glass-opposed} → {@code break-glass-reason-required} → {@code break-glass},
 * otherwise {@code care-relationship-required} (neither treating doctor, nor a live care context, nor an occupational
 * physician's running express consent) → {@code care-team}; then per document {@code document-author} →
 * {@code profession-matrix} → (masked) {@code treating-doctor} / break-glass / {@code masked-document} →
 * {@code advance-directives}. For the patient: {@code record-erased} → (deposit) {@code record-not-active} /
 * {@code patient-deposit-class} → {@code withheld-from-patient} → {@code patient-own-record}.
 *
 * <p>Denials that protect the patient come first, so that whatever follows cannot undo them: a blocked professional,
 * an insurer or mutual fund is never allowed anything, an OPPOSED or PURGED record is never readable, and the author
 * check precedes masking so masking never hides a document from its author.
 *
 * <p>The caller is responsible for matching the actor to the record (a {@link Actor.Patient} asks about their own
 * record); the engine decides only from the request's facts. Decisions are shared, precomputed instances.
 */
public final class ConsentEngine {

    /** Classpath location of the default policy. */
    public static final String DEFAULT_POLICY = "/policy/consent-policy.yaml";

    private static final java.time.ZoneId PARIS = java.time.ZoneId.of("Europe/Paris");
    private final CompiledPolicy policy;
    private final Decision careTeam;
    private final Decision breakGlass;
    private final CareHistoryRules careHistory;

    private ConsentEngine(CompiledPolicy policy) {
        this.policy = policy;
        this.careTeam = policy.decision(RuleId.CARE_TEAM);
        this.breakGlass = policy.decision(RuleId.BREAK_GLASS);
        this.careHistory = new CareHistoryRules(policy);
    }

    /** The engine for the default policy in this module's resources ({@code /policy/consent-policy.yaml}). */
    public static ConsentEngine withDefaultPolicy() {
        try (InputStream in = ConsentEngine.class.getResourceAsStream(DEFAULT_POLICY)) {
            if (in == null) {
                throw new PolicyException("policy: " + DEFAULT_POLICY + " is missing from the classpath");
            }
            return fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PolicyException("policy: cannot read " + DEFAULT_POLICY, e);
        }
    }

    /** The engine for a policy given as YAML text; fails with {@link PolicyException} naming what is wrong. */
    public static ConsentEngine fromYaml(String policyYaml) {
        return new ConsentEngine(PolicyLoader.load(policyYaml));
    }

    /** Record-level decision: may the actor do {@code request.action()} on this record at all. */
    public Decision decide(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.action() == Action.READ_CARE_HISTORY) {
            // Without the patient's care-history setting, fail closed: answer as the default quarantine.
            return decideCareHistory(CareHistoryRequest.of(request, CareHistorySettings.QUARANTINED));
        }
        Actor actor = request.actor();
        if (actor instanceof Actor.Professional) {
            return professional(request, (Actor.Professional) actor, request.action());
        }
        return patient(request.state(), request.action());
    }

    /**
     * Document-level decision (includes the record-level one) for reading or listing one document. A request whose
     * action is {@link Action#DEPOSIT} is answered as {@link #decideDeposit} for the document's class.
     */
    public Decision decide(AccessRequest request, DocumentFacts document) {
        Objects.requireNonNull(document, "document");
        if (request.action() == Action.DEPOSIT) {
            return decideDeposit(request, document.documentClass());
        }
        Decision record = decide(request);
        return record.allowed() ? document(request, document, record) : record;
    }

    /** May the actor deposit a document of this class (whatever {@code request.action()} says). */
    public Decision decideDeposit(AccessRequest request, DocumentClass documentClass) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(documentClass, "documentClass");
        Actor actor = request.actor();
        if (actor instanceof Actor.Professional) {
            Actor.Professional pro = (Actor.Professional) actor;
            Decision record = professional(request, pro, Action.DEPOSIT);
            if (record.denied()) {
                return record;
            }
            return policy.canDeposit(pro.profession(), documentClass) ? record : d(RuleId.DEPOSIT_MATRIX);
        }
        Decision record = patient(request.state(), Action.DEPOSIT);
        if (record.denied()) {
            return record;
        }
        return policy.patientCanDeposit(documentClass) ? record : d(RuleId.PATIENT_DEPOSIT_CLASS);
    }

    /**
     * Record-level decision plus the documents visible to the actor, in the order given. When the record-level
     * decision denies, nothing is visible and every document counts as hidden.
     */
    public Filtered filter(AccessRequest request, List<DocumentFacts> documents) {
        Objects.requireNonNull(documents, "documents");
        Decision record = decide(request);
        if (record.denied()) {
            return new Filtered(record, List.of(), documents.size());
        }
        List<DocumentFacts> visible = new ArrayList<>(documents.size());
        for (int i = 0, n = documents.size(); i < n; i++) {
            DocumentFacts doc = documents.get(i);
            if (document(request, doc, record).allowed()) {
                visible.add(doc);
            }
        }
        return new Filtered(record, visible, documents.size() - visible.size());
    }

    // ---- insurer-fed care history ----

    /**
     * Record level for the care history: may the actor see the history at all. After the record-level protections
     * (forbidden category, erased or closed record, blocked professional, feed and occupational-health categories,
     * emergency opposition and reason): {@code care-history-treating-doctor}, then {@code care-history-quarantine}
     * unless the patient opened the history ({@code care-history-opened}, or {@code break-glass} in an emergency). The
     * patient: {@code patient-own-record}; a minor's legal representative: {@code care-history-legal-representative}.
     */
    public Decision decideCareHistory(CareHistoryRequest request) {
        Objects.requireNonNull(request, "request");
        AccessRequest access = request.access();
        Actor actor = access.actor();
        Decision common = actor instanceof Actor.Professional pro
                ? professional(access, pro, Action.READ_CARE_HISTORY)
                : patient(access.state(), Action.READ_CARE_HISTORY);
        return careHistory.record(request, common);
    }

    /**
     * One line (record level included): {@code care-history-outside-window} for a line older than the rolling window
     * (everyone); for a professional {@code care-history-line-hidden}, then {@code care-history-sensitive} unless the
     * patient showed the line; for a legal representative {@code care-history-minor-confidential}.
     */
    public Decision decideCareHistory(CareHistoryRequest request, CareHistoryLineFacts line) {
        Objects.requireNonNull(line, "line");
        Decision record = decideCareHistory(request);
        return record.allowed() ? careHistory.line(request, line, record) : record;
    }

    /** Shorthand for {@code decideCareHistory(CareHistoryRequest.of(request, settings), line)}. */
    public Decision decideCareHistory(AccessRequest request, CareHistorySettings settings, CareHistoryLineFacts line) {
        return decideCareHistory(CareHistoryRequest.of(request, settings), line);
    }

    /**
     * Record-level decision plus the visible lines in the given order; when the record level denies, nothing is
     * visible and every line counts as hidden.
     */
    public CareHistoryFiltered filterCareHistory(CareHistoryRequest request, List<CareHistoryLineFacts> lines) {
        Objects.requireNonNull(lines, "lines");
        Decision record = decideCareHistory(request);
        if (record.denied()) {
            return new CareHistoryFiltered(record, List.of(), lines.size());
        }
        List<CareHistoryLineFacts> visible = new ArrayList<>(lines.size());
        for (int i = 0, n = lines.size(); i < n; i++) {
            CareHistoryLineFacts line = lines.get(i);
            if (careHistory.line(request, line, record).allowed()) {
                visible.add(line);
            }
        }
        return new CareHistoryFiltered(record, visible, lines.size() - visible.size());
    }

    /**
     * May the actor add care-history lines to this record (the request's action is ignored):
     * {@code forbidden-category}, {@code care-history-feeder-only} unless the actor is the insurer's feed (category
     * {@code insurer-feed}), {@code record-erased} (OPPOSED, PURGED), {@code record-not-active} (CLOSED), else
     * {@code care-history-feed} (ACTIVE and INVITED records receive lines).
     */
    public Decision decideCareHistoryFeed(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        return careHistory.feed(request);
    }

    /**
     * The first day of care still inside the rolling window (policy {@code careHistoryWindow}, 24 months) at
     * {@code at}, counted in UTC: lines dated before it are invisible to everyone and due for purge.
     */
    public LocalDate careHistoryCutoff(Instant at) {
        return careHistory.cutoff(Objects.requireNonNull(at, "at"));
    }

    /**
     * The decision a rule gives, with the policy's reasons in French and English: to explain a stored rule id to the
     * patient afterwards (access history), without re-deciding anything.
     */
    public Decision explain(RuleId rule) {
        return policy.decision(Objects.requireNonNull(rule, "rule"));
    }

    /** The opposition window and the reminder's delay (policy {@code settings.invitations}; 42 and 14 days). */
    public InvitationPolicy invitations() {
        return policy.invitations();
    }

    /**
     * What a person who never chose says about research use (policy {@code settings.researchUse}): reuse unless
     * they object (the law), or only with their agreement (opt-in).
     */
    public ResearchUseDefault researchUseDefault() {
        return policy.researchUse();
    }

    /** The record lifecycle under this policy's opposition window, on this clock. */
    public RecordLifecycle lifecycle(java.time.Clock clock) {
        return new RecordLifecycle(clock, policy.invitations().oppositionWindow());
    }

    /** How long care contexts last and whether declared ones are accepted (policy {@code settings.careContext}). */
    public CareContextPolicy careContexts() {
        return policy.careContexts();
    }

    /** Only a physician may be chosen as treating doctor (CSS L162-5-3). */
    public boolean mayBeTreatingDoctor(Profession profession) {
        return profession == Profession.PHYSICIAN;
    }

    /**
     * Whether this professional needs the patient's express consent (an occupational physician, by the category
     * claim or by an occupational-medicine specialty, policy {@code settings.occupationalHealthSpecialties}).
     */
    public boolean needsExpressConsent(Actor.Professional pro) {
        return policy.treatment(Objects.requireNonNull(pro, "pro")) == CategoryTreatment.EXPRESS_CONSENT;
    }

    // ---- representatives ----

    /**
     * Whether a representation link lets its representative act now: {@code representation-not-started} before its
     * first day, {@code representation-ended} once ended by an operator or past its last day (in force from the
     * very next request: nothing is cached), {@code representation-majority} for parental authority from the
     * person's majority birthday (policy {@code settings.representatives.majorityAge}), else
     * {@code representation-in-force}. Days are Europe/Paris calendar days.
     */
    public Decision decideRepresentation(RepresentationFacts link, Instant at) {
        Objects.requireNonNull(link, "link");
        LocalDate today = LocalDate.ofInstant(Objects.requireNonNull(at, "at"), PARIS);
        if (link.endedAt().isPresent() && !at.isBefore(link.endedAt().get())
                || link.until().isPresent() && today.isAfter(link.until().get())) {
            return d(RuleId.REPRESENTATION_ENDED);
        }
        if (link.kind() == RepresentationKind.PARENTAL_AUTHORITY && !today.isBefore(majority(link.representedBirthDate()))) {
            return d(RuleId.REPRESENTATION_MAJORITY);
        }
        if (today.isBefore(link.from())) {
            return d(RuleId.REPRESENTATION_NOT_STARTED);
        }
        return d(RuleId.REPRESENTATION_IN_FORCE);
    }

    /**
     * May this person log in to their own space alone: {@code own-access-age} under the policy's own-access age
     * (15), else {@code patient-own-record}.
     */
    public Decision decideOwnAccess(LocalDate birthDate, Instant at) {
        LocalDate today = LocalDate.ofInstant(Objects.requireNonNull(at, "at"), PARIS);
        return today.isBefore(birthDate.plusYears(policy.representatives().ownAccessAge()))
                ? d(RuleId.OWN_ACCESS_AGE) : d(RuleId.PATIENT_OWN_RECORD);
    }

    /** The day parental authority ends by itself: the majority birthday. */
    public LocalDate majority(LocalDate birthDate) {
        return birthDate.plusYears(policy.representatives().majorityAge());
    }

    /** Whether the person is a minor on {@code at}'s day. */
    public boolean minor(LocalDate birthDate, Instant at) {
        return LocalDate.ofInstant(at, PARIS).isBefore(majority(birthDate));
    }

    /** The ages of the representation rules (policy {@code settings.representatives}). */
    public RepresentationPolicy representatives() {
        return policy.representatives();
    }

    /**
     * A choice only the person makes (hiding a document from their representatives): {@code representative-not-allowed}
     * for a representative, else {@code patient-own-record}.
     */
    public Decision decidePersonalChoice(Actor.Patient actor) {
        return actor.byRepresentative() ? d(RuleId.REPRESENTATIVE_NOT_ALLOWED) : d(RuleId.PATIENT_OWN_RECORD);
    }

    /**
     * Writing (saving, signing, revoking) advance directives: {@code directives-minor} for a minor (whoever writes),
     * {@code representative-not-allowed} for a representative (a guardian never writes them in the person's place),
     * {@code directives-authorisation-required} for an adult under guardianship with no judge's or family council's
     * authorisation recorded (L1111-11), else {@code patient-own-record}.
     */
    public Decision decideDirectivesWrite(Actor.Patient actor, LocalDate birthDate, boolean underGuardianship,
                                          boolean authorisationRecorded, Instant at) {
        if (minor(birthDate, at)) {
            return d(RuleId.DIRECTIVES_MINOR);
        }
        if (actor.byRepresentative()) {
            return d(RuleId.REPRESENTATIVE_NOT_ALLOWED);
        }
        if (underGuardianship && !authorisationRecorded) {
            return d(RuleId.DIRECTIVES_AUTHORISATION_REQUIRED);
        }
        return d(RuleId.PATIENT_OWN_RECORD);
    }

    private Decision patient(RecordState state, Action action) {
        if (state == RecordState.OPPOSED || state == RecordState.PURGED) {
            return d(RuleId.RECORD_ERASED);
        }
        // The patient reads their record while INVITED (to decide whether to oppose), ACTIVE, and CLOSED (the archive
        // is kept for them and reopening restores it); only an open record accepts new documents.
        if (action == Action.DEPOSIT && state != RecordState.ACTIVE) {
            return d(RuleId.RECORD_NOT_ACTIVE);
        }
        return d(RuleId.PATIENT_OWN_RECORD);
    }

    private Decision professional(AccessRequest request, Actor.Professional pro, Action action) {
        CategoryTreatment treatment = policy.treatment(pro);
        if (treatment == CategoryTreatment.FORBIDDEN) {
            return d(RuleId.FORBIDDEN_CATEGORY);
        }
        RecordState state = request.state();
        if (state == RecordState.OPPOSED || state == RecordState.PURGED) {
            return d(RuleId.RECORD_ERASED);
        }
        if (state != RecordState.ACTIVE) {
            return d(RuleId.RECORD_NOT_ACTIVE);
        }
        ConsentSettings consent = request.consent();
        Rpps rpps = pro.rpps();
        if (consent.blocked().contains(rpps)) {
            return d(RuleId.BLOCKED_PROFESSIONAL);
        }
        if (treatment == CategoryTreatment.DEPOSIT_ONLY && action != Action.DEPOSIT) {
            return d(RuleId.DEPOSIT_ONLY_CATEGORY);
        }
        if (treatment == CategoryTreatment.EXPRESS_CONSENT && !consent.expressConsents().contains(rpps)) {
            return d(RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT);
        }
        boolean emergency = request.purpose() == Purpose.BREAK_GLASS
                || treatment == CategoryTreatment.EMERGENCY_REGULATION;
        // Being allowed on records in general is not enough: this record needs a care relationship with this patient.
        boolean related = consent.inCareRelationship(rpps, treatment == CategoryTreatment.EXPRESS_CONSENT);
        if (action == Action.DEPOSIT) {
            return related || emergency ? d(RuleId.CARE_TEAM_DEPOSIT) : d(RuleId.CARE_RELATIONSHIP_REQUIRED);
        }
        if (emergency) {
            if (consent.emergencyAccessOpposed()) {
                return d(RuleId.BREAK_GLASS_OPPOSED);
            }
            if (!reasonGiven(request.reason())) {
                return d(RuleId.BREAK_GLASS_REASON_REQUIRED);
            }
        } else if (!related) {
            return d(RuleId.CARE_RELATIONSHIP_REQUIRED);
        }
        if (action == Action.READ_DIRECTIVES) {
            if (!policy.canRead(pro.profession(), DocumentClass.ADVANCE_DIRECTIVES)) {
                return d(RuleId.PROFESSION_MATRIX);
            }
            return emergency ? breakGlass : d(RuleId.ADVANCE_DIRECTIVES);
        }
        return emergency ? breakGlass : careTeam;
    }

    /** Document-level rules, once the record-level decision {@code record} allowed. */
    private Decision document(AccessRequest request, DocumentFacts doc, Decision record) {
        Actor actor = request.actor();
        if (!(actor instanceof Actor.Professional)) {
            if (doc.confidentialFromRepresentatives() && actor instanceof Actor.Patient p && p.byRepresentative()) {
                return d(RuleId.CONFIDENTIAL_FROM_REPRESENTATIVES);
            }
            return doc.withheldFromPatient() && !releasedToPatient(doc, request.at())
                    ? d(RuleId.WITHHELD_FROM_PATIENT) : record;
        }
        Actor.Professional pro = (Actor.Professional) actor;
        Rpps rpps = pro.rpps();
        Optional<Rpps> author = doc.author();
        // R1111-49: the author keeps seeing what they deposited, whatever the matrix or masking say.
        if (author.isPresent() && author.get().equals(rpps)) {
            return d(RuleId.DOCUMENT_AUTHOR);
        }
        DocumentClass cls = doc.documentClass();
        if (!policy.canRead(pro.profession(), cls)) {
            return d(RuleId.PROFESSION_MATRIX);
        }
        if (doc.masked()) {
            Optional<Rpps> treating = request.consent().treatingDoctor();
            if (treating.isPresent() && treating.get().equals(rpps)) {
                return d(RuleId.TREATING_DOCTOR);
            }
            // Emergency access lifts masking; the patient's opposition was already checked at record level.
            return record == breakGlass ? record : d(RuleId.MASKED_DOCUMENT);
        }
        if (cls == DocumentClass.ADVANCE_DIRECTIVES && record == careTeam) {
            return d(RuleId.ADVANCE_DIRECTIVES);
        }
        return record;
    }

    /** R1111-53: released by its author, or automatically once the auto-release period after deposit has passed. */
    private boolean releasedToPatient(DocumentFacts doc, Instant at) {
        Optional<Instant> released = doc.releasedAt();
        if (released.isPresent() && !released.get().isAfter(at)) {
            return true;
        }
        Instant automatic = doc.depositedAt().atOffset(ZoneOffset.UTC).plus(policy.withheldAutoRelease()).toInstant();
        return !at.isBefore(automatic);
    }

    private boolean reasonGiven(Optional<String> reason) {
        if (reason.isEmpty()) {
            return false;
        }
        String r = reason.get();
        int needed = policy.breakGlassMinReasonLength();
        int count = 0;
        for (int i = 0, n = r.length(); i < n && count < needed; i++) {
            if (!Character.isWhitespace(r.charAt(i))) {
                count++;
            }
        }
        return count >= needed;
    }

    private Decision d(RuleId rule) {
        return policy.decision(rule);
    }

    /**
     * The outcome of {@link #filter}: the record-level decision, and, when allowed, the visible documents and how many
     * were hidden.
     */
    public record Filtered(Decision decision, List<DocumentFacts> visible, int hiddenCount) {
        public Filtered {
            visible = List.copyOf(visible);
        }
    }

    /**
     * The outcome of {@link #filterCareHistory}: the record-level decision, and, when allowed, the visible lines and
     * how many were hidden.
     */
    public record CareHistoryFiltered(Decision decision, List<CareHistoryLineFacts> visible, int hiddenCount) {
        public CareHistoryFiltered {
            visible = List.copyOf(visible);
        }
    }
}
