package fr.sante.dmp.store.access;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.CareHistoryLineFacts;
import fr.sante.dmp.consent.CareHistoryRequest;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.audit.GroupCommitAppender;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one door every access to a record passes, as HAPI FHIR's consent service is for its server: the consent inputs
 * come from one {@link ConsentSnapshot} loaded beside the data; the engine decides here and nowhere else; the audit
 * entry is appended here and nowhere else (by group commit outside a transaction, or inside the caller's one); and a
 * refusal becomes its domain error here. Architecture tests fail the build when a class outside this package asks the
 * engine for a decision or appends an audit entry.
 *
 * <p>A professional who has no other way in but holds a running emergency grant on the record is let in as in an
 * emergency (break-glass rules: opposition, masking lifted, flagged in the audit). To a professional, an erased record
 * (opposed, purged) answers exactly as an unknown person does.
 */
public final class AccessDoor {
    /** The reason of an access under a running grant: the stated one is in the grant and its audit entry. */
    public static final String GRANTED_REASON = "under a running break-glass access";

    private final ConsentEngine engine;
    private final DecisionTally tally = new DecisionTally();

    /** The group-commit appender's batch sizes and append lag since start (metrics). */
    public fr.sante.dmp.store.audit.AppendStats appends() {
        return appender.stats();
    }

    /** What this door recorded since start (business metrics). */
    public DecisionTally tally() {
        return tally;
    }

    /** The engine behind this door, for the policy's settings (the invitation window); decisions go through the door. */
    public ConsentEngine consent() {
        return engine;
    }
    private final AuditLog log;
    private final GroupCommitAppender appender;

    public AccessDoor(ConsentEngine engine, AuditLog log, GroupCommitAppender appender) {
        this.engine = engine;
        this.log = log;
        this.appender = appender;
    }

    // ---- decisions ----

    /** The request for this actor on this snapshot. */
    public static AccessRequest request(Actor actor, Action action, ConsentSnapshot record, Purpose purpose,
                                        Optional<String> reason, Instant at) {
        return new AccessRequest(actor, action, record.state(), record.settings(), purpose, reason, at);
    }

    /** Record level. */
    public Verdict decide(AccessRequest request, ConsentSnapshot record) {
        Decision d = engine.decide(request);
        return d.allowed() || !underGrant(request, record) ? plain(request, d)
                : new Verdict(engine.decide(emergency(request)), true);
    }

    /** One document (record level included). */
    public Verdict decide(AccessRequest request, ConsentSnapshot record, DocumentFacts document) {
        Decision d = engine.decide(request, document);
        return d.allowed() || !underGrant(request, record) ? plain(request, d)
                : new Verdict(engine.decide(emergency(request), document), true);
    }

    /** A deposit of this class. */
    public Verdict decideDeposit(AccessRequest request, ConsentSnapshot record, DocumentClass documentClass) {
        Decision d = engine.decideDeposit(request, documentClass);
        return d.allowed() || !underGrant(request, record) ? plain(request, d)
                : new Verdict(engine.decideDeposit(emergency(request), documentClass), true);
    }

    /** Record level and the visible documents, in the given order. */
    public Filtered filter(AccessRequest request, ConsentSnapshot record, List<DocumentFacts> documents) {
        ConsentEngine.Filtered f = engine.filter(request, documents);
        if (f.decision().allowed() || !underGrant(request, record)) {
            return new Filtered(plain(request, f.decision()), f.visible());
        }
        ConsentEngine.Filtered e = engine.filter(emergency(request), documents);
        return new Filtered(new Verdict(e.decision(), true), e.visible());
    }

    /** The care history, record level. */
    public Verdict decideCareHistory(CareHistoryRequest request, ConsentSnapshot record) {
        Decision d = engine.decideCareHistory(request);
        return d.allowed() || !underGrant(request.access(), record) ? plain(request.access(), d)
                : new Verdict(engine.decideCareHistory(emergency(request)), true);
    }

    /** The care history, record level, for the patient's own choices on it (no emergency grant applies). */
    public Decision decideOwnCareHistory(CareHistoryRequest request) {
        return engine.decideCareHistory(request);
    }

    /** The care history's visible lines once {@link #decideCareHistory} allowed, under the same request. */
    public List<CareHistoryLineFacts> visibleLines(CareHistoryRequest request, Verdict allowed,
                                                   List<CareHistoryLineFacts> lines) {
        CareHistoryRequest asDecided = allowed.emergency() ? emergency(request) : request;
        return engine.filterCareHistory(asDecided, lines).visible();
    }

    /** May the insurer's feed add lines to a record in this state. */
    public Decision decideCareHistoryFeed(AccessRequest request) {
        return engine.decideCareHistoryFeed(request);
    }

    // ---- representatives ----

    /** Whether a representation link is in force at {@code at} (read on every representative request). */
    public Decision decideRepresentation(fr.sante.dmp.consent.RepresentationFacts link, Instant at) {
        return engine.decideRepresentation(link, at);
    }

    /** Whether a person may log in to their own space alone (the policy's own-access age). */
    public Decision decideOwnAccess(java.time.LocalDate birthDate, Instant at) {
        return engine.decideOwnAccess(birthDate, at);
    }

    /** A choice only the person makes (hiding a document from their representatives). */
    public Decision decidePersonalChoice(Actor.Patient actor) {
        return engine.decidePersonalChoice(actor);
    }

    /** Writing advance directives: minors, representatives, adults under guardianship without authorisation. */
    public Decision decideDirectivesWrite(Actor.Patient actor, java.time.LocalDate birthDate, boolean underGuardianship,
                                          boolean authorisationRecorded, Instant at) {
        return engine.decideDirectivesWrite(actor, birthDate, underGuardianship, authorisationRecorded, at);
    }

    /** The decision of one of the store's own outcomes (unknown person, unknown document...), with its reasons. */
    public Decision outcome(RuleId rule) {
        return engine.explain(rule);
    }

    /** A patient's view of their own record: the documents they see (withheld ones excepted). */
    public List<DocumentFacts> visibleToPatient(AccessRequest patientRequest, List<DocumentFacts> documents) {
        return engine.filter(patientRequest, documents).visible();
    }

    /** The "who sees what" preview: the decision for a hypothetical professional (never audited: no one accessed). */
    public Decision preview(AccessRequest request, DocumentFacts document) {
        return engine.decide(request, document);
    }

    private static Verdict plain(AccessRequest request, Decision d) {
        return new Verdict(d, request.purpose() == Purpose.BREAK_GLASS && d.allowed());
    }

    private static boolean underGrant(AccessRequest request, ConsentSnapshot record) {
        return request.purpose() == Purpose.CARE && request.actor() instanceof Actor.Professional pro
                && record.liveGrant(pro.rpps());
    }

    private static AccessRequest emergency(AccessRequest r) {
        return new AccessRequest(r.actor(), r.action(), r.state(), r.consent(), Purpose.BREAK_GLASS,
                Optional.of(GRANTED_REASON), r.at());
    }

    private static CareHistoryRequest emergency(CareHistoryRequest r) {
        return new CareHistoryRequest(emergency(r.access()), r.role(), r.settings());
    }

    // ---- the audit entry and the answer ----

    /** Appends the entry by group commit; completes once it is committed. */
    public Future<Void> record(AuditEvent event) {
        tally.count(event);
        return appender.append(event);
    }

    /** Appends the entries inside the caller's transaction (locking the chain's head). */
    public Future<Long> record(SqlConnection tx, List<AuditEvent> events) {
        tally.count(events);
        return log.append(tx, events);
    }

    public Future<Long> record(SqlConnection tx, AuditEvent event) {
        tally.count(event);
        return log.append(tx, event);
    }

    /** Locks the chain's head in the caller's transaction, for {@link #record(SqlConnection, AuditLog.Head, List)}. */
    public Future<AuditLog.Head> lockHead(SqlConnection tx) {
        return log.lockHead(tx);
    }

    /** Appends after {@link #lockHead}, queued without waiting (the caller queues its COMMIT right behind). */
    public Future<Long> record(SqlConnection tx, AuditLog.Head head, List<AuditEvent> events) {
        tally.count(events);
        return log.append(tx, head, events);
    }

    /**
     * Queues the entries after {@link #lockHead}: completes once they are queued on {@code tx} (at once, or, when a
     * checkpoint is due in the batch, once the entries since the last checkpoint were checked), with the future of
     * their completion; the caller queues its COMMIT behind.
     */
    public Future<Future<Long>> queue(SqlConnection tx, AuditLog.Head head, List<AuditEvent> events) {
        tally.count(events);
        return log.queue(tx, head, events);
    }

    /** Records the refusal by group commit, then fails with its domain error. */
    public <T> Future<T> refuse(AuditEvent event, Actor actor, Decision decision) {
        tally.count(event);
        return appender.append(event).compose(v -> Future.failedFuture(failure(actor, decision)));
    }

    /** Records the entry by group commit, then fails with {@code failure}. */
    public <T> Future<T> refuse(AuditEvent event, RecordException failure) {
        tally.count(event);
        return appender.append(event).compose(v -> Future.failedFuture(failure));
    }

    /**
     * The domain error of a refusal. To a professional, an erased record (opposed, purged) answers as an unknown
     * person: same error, same body, so that no one learns who opposed.
     */
    public static RecordException failure(Actor actor, Decision decision) {
        if (actor instanceof Actor.Professional && decision.rule() == RuleId.RECORD_ERASED) {
            return unknownPatient();
        }
        // A representative never learns that a document confidential from representatives exists (L1111-5).
        if (decision.rule() == RuleId.CONFIDENTIAL_FROM_REPRESENTATIVES) {
            return new RecordException.NotFound("document");
        }
        return new RecordException.AccessDenied(decision);
    }

    /** The one answer for an unknown, opposed or purged person. */
    public static RecordException unknownPatient() {
        return new RecordException.NotFound("patient");
    }

    /**
     * The answer to this actor about a person without a record: exactly what an erased record answers them, decided by
     * the engine as for a PURGED record (an insurer is refused as an insurer whether the person exists or not), so
     * that no answer tells a registered person from an unknown one.
     */
    public RecordException unknown(Actor actor, Action action, Purpose purpose, Optional<String> reason, Instant at) {
        if (!(actor instanceof Actor.Professional)) {
            return unknownPatient();
        }
        AccessRequest asErased = new AccessRequest(actor, action, RecordState.PURGED,
                fr.sante.dmp.consent.ConsentSettings.DEFAULT, purpose, reason, at);
        Decision d = action == Action.DEPOSIT ? engine.decideDeposit(asErased, DocumentClass.CONSULTATION_NOTE)
                : engine.decide(asErased);
        return failure(actor, d);
    }

    /** Whether a record in this state is answered to professionals as an unknown person. */
    public static boolean erased(RecordState state) {
        return state == RecordState.OPPOSED || state == RecordState.PURGED;
    }

    /** Record level and visible documents, as {@link #filter} decided them. */
    public record Filtered(Verdict verdict, List<DocumentFacts> visible) {
    }
}
