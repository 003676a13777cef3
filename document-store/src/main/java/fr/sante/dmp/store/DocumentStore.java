package fr.sante.dmp.store;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.audit.AuditService;
import fr.sante.dmp.store.invitation.InvitationOptions;
import fr.sante.dmp.store.invitation.Invitations;
import fr.sante.dmp.store.keys.KeyRotation;
import fr.sante.dmp.store.patient.directives.DirectivesService;
import fr.sante.dmp.store.patient.passkey.PasskeyService;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The record store, started: migrations applied (off the event loop), pool open, services ready.
 */
public interface DocumentStore {

    /** Applies migrations on a worker thread, opens the pool and returns the started store. */
    static Future<DocumentStore> start(Vertx vertx, StoreOptions options, ConsentEngine consent) {
        return PgDocumentStore.start(vertx, options, consent).map(store -> store);
    }

    RecordService records();

    AuditService audit();

    /** What the one door recorded on this instance since start, by action, outcome and refusing rule (metrics). */
    fr.sante.dmp.store.access.DecisionTally decisions();

    /** The audit group commit's batch sizes and append lag on this instance since start (metrics). */
    fr.sante.dmp.store.audit.AppendStats auditAppends();

    /**
     * Records by lifecycle state (invitations by state: INVITED, ACTIVE, OPPOSED, CLOSED, PURGED). One scan of the
     * record table: for a sampler every minute or so, never a request path.
     */
    Future<java.util.Map<fr.sante.dmp.consent.RecordState, Long>> recordsByState();

    /** What the patient does with their own record (patient space and patient API). */
    PatientServices patients();

    /** The patient's passkeys (WebAuthn credentials): kept, listed, removed, used to sign in; audited. */
    PasskeyService passkeys();

    /** Advance directives as professionals read them (consent decided, audited). */
    DirectivesService directives();

    /**
     * Campaigns (import, progress, rejection report) and the invitation scheduler, enqueuing messages through
     * {@code outbox} ({@code Notifications.outbox()}) in the store's transactions. Call once at start-up; the
     * scheduler is not started.
     */
    Invitations invitations(Outbox outbox, InvitationOptions options);

    /**
     * Emergency access with its grant, patient notice (through {@code outbox}) and review queue. Call once at
     * start-up. {@code ttl} at most 24 hours; {@code spaceUrl} is the patient space's https address for the notice.
     */
    fr.sante.dmp.store.breakglass.BreakGlassGrants breakGlass(Outbox outbox, java.time.Duration ttl, String spaceUrl);

    /**
     * The alerts the patient chose (first access, every access, new document), enqueued through {@code outbox} by a
     * feed that follows the audit log. Call once at start-up; the feed is not started.
     */
    fr.sante.dmp.store.alert.AlertFeed alerts(Outbox outbox, fr.sante.dmp.store.alert.AlertOptions options);

    /**
     * The insurer-fed care history on this store (its migrations ran at start-up); its month partitions ensured.
     * Nothing of the store is copied: the same pool, key cache and audit door.
     */
    Future<fr.sante.dmp.store.carehistory.CareHistoryService> careHistory(
            fr.sante.dmp.store.carehistory.CareHistoryOptions options);

    /**
     * Opposition by telephone: a phone agent checks a caller's identity against the invitation and opposes for them,
     * the receipt's copy queued through {@code outbox}; every step audited under the agent's name.
     */
    fr.sante.dmp.store.patient.lifecycle.AssistedOppositions assistedOppositions(Outbox outbox);

    /** Representation links: parents, guardians, persons of trust acting in a person's space (docs/representatives.md). */
    fr.sante.dmp.store.representation.Representations representations();

    /** Care contexts, care codes, express consents and the directory of professionals. */
    fr.sante.dmp.store.care.CareContextService careContexts();

    /** The directory of professionals with their names: the national extract's import, search, names by RPPS. */
    fr.sante.dmp.store.care.ProfessionalDirectory directory();

    /**
     * Re-wraps every patient data key under the current master key, in resumable batches (master-key rotation,
     * {@code ./dmp keys rotate}); the store keeps serving meanwhile, unwrapping with any held master key.
     */
    KeyRotation keyRotation();

    /** Research projects, their pseudonymised extracts and their end (docs/research-use.md). */
    fr.sante.dmp.store.research.ResearchProjects research();

    /** Succeeds when PostgreSQL answers a trivial query (readiness). */
    Future<Void> ping();

    Future<Void> close();
}
