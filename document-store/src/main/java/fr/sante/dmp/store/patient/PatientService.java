package fr.sante.dmp.store.patient;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * What the patient does with their own record (patient space and patient API). Like RecordService, the only way in:
 * every change goes through the consent engine's lifecycle and appends an audit entry in the same transaction; a
 * change to consent settings is in force on the very next request. Failures are RecordExceptions
 * (NotFound, Conflict for an illegal lifecycle transition, Invalid, Unavailable).
 */
public interface PatientService {

    /**
     * The same service with every call made by this representative for the person each call names: audited as
     * "representative R for person P" (actor REPRESENTATIVE, the link's id), what is confidential from
     * representatives left out of every list, count, preview and history, directives and personal choices refused.
     * Only ever pass a representation {@code Representations.authorise} returned for this request: it read the link in
     * force.
     */
    PatientService as(fr.sante.dmp.consent.Representation representative);

    /**
     * A minor's secret care (L1111-5): the person hides one of their documents from their representatives (or shows
     * it again); refused to a representative ({@code representative-not-allowed}).
     */
    Future<Void> setConfidentialFromRepresentatives(Ins ins, UUID documentId, boolean confidential);

    /**
     * Succeeds for the person themself; fails with AccessDenied ({@code representative-not-allowed}) on a
     * representative's view ({@link #as}): for the choices only the person makes that live in other services (the
     * care history's line choices and opening).
     */
    Future<Void> personOnly(Ins ins);

    /**
     * Whether a person born on this day may log in to their own space alone (the policy's own-access age, 15): from
     * the birth date typed at login, so the answer says nothing about whether the INS exists.
     */
    fr.sante.dmp.consent.Decision ownAccess(LocalDate birthDate);

    /**
     * Where to send a one-time code for this identity, if the INS exists AND the birth date matches. Callers must
     * answer identically whether or not a contact was found (no enumeration).
     */
    Future<Optional<PatientContact>> contactForLogin(Ins ins, LocalDate birthDate);

    /** Checks an invitation code for opposition without login; true only if INS, birth date and code all match. */
    Future<Boolean> checkInvitationCode(Ins ins, LocalDate birthDate, String invitationCode);

    /**
     * Sets a new invitation code (R1111-28: regenerable), valid until the opposition deadline, and returns it for the
     * caller to deliver; audited under the operator's subject. The campaign import issues codes inside its own
     * transaction with {@link InvitationCodes#issue} instead.
     */
    Future<String> issueInvitationCode(String operator, Ins ins);

    /** Appends the audit entry of a successful patient login (after the one-time code was checked). */
    Future<Void> recordLogin(Ins ins);

    /**
     * Appends the audit entry of a whole-record export ({@code EXPORT_RECORD}, in the access history) before the
     * export is built: an erased record (opposed, purged) refuses it ({@code Conflict}) and nothing is exported. The
     * documents themselves are then read one by one through {@code RecordService.readDocument}, each decided and
     * audited by the door like any read.
     */
    Future<Void> recordExport(Ins ins);

    /** The language of messages and pages for this patient: {@code fr} or {@code en}. */
    Future<Void> setLanguage(Ins ins, String language);

    /** State, deadline, settings, alert choices: the dashboard and {@code GET /api/v1/me}. */
    Future<PatientOverview> overview(Ins ins);

    /** INVITED → OPPOSED within the window; the key is destroyed; returns the receipt. */
    Future<OppositionReceipt> oppose(Ins ins);

    /** OPPOSED → INVITED while the window is open, from the receipt's verification code. */
    Future<Void> withdrawOpposition(Ins ins, String receiptCode);

    /** INVITED → ACTIVE before the deadline. */
    Future<Void> activateEarly(Ins ins);

    /** ACTIVE → CLOSED (10-year archive). */
    Future<Void> close(Ins ins);

    /** CLOSED → ACTIVE within the archive period. */
    Future<Void> reopen(Ins ins);

    /** Explicit deletion request: purged within 3 months. */
    Future<Void> requestDeletion(Ins ins);

    /**
     * Masks a document from professionals (or shows it again); answers the document's row as the actor's list now
     * shows it, read by the change's own statement (the patient space re-renders that row without a second load).
     */
    Future<MaskedDocument> setMasked(Ins ins, UUID documentId, boolean masked);

    Future<Void> setBlocked(Ins ins, Rpps rpps, boolean blocked);

    Future<Void> setTreatingDoctor(Ins ins, Optional<Rpps> rpps);

    Future<Void> setEmergencyAccessOpposed(Ins ins, boolean opposed);

    Future<Void> setAlerts(Ins ins, AlertPreferences alerts);

    /** The person's research-use choice, or the policy's default when they never chose. */
    Future<ResearchUse> researchUse(Ins ins);

    /** Objects to research use ({@code true}) or withdraws the objection; audited, in the access history. */
    Future<Void> setResearchUse(Ins ins, boolean objected);

    /** What a professional of this profession (not the treating doctor, not blocked) would see now, with reasons. */
    Future<AccessPreview> preview(Ins ins, Profession profession);

    /** Audit entries about this record, newest first. {@code page} counts from 0. */
    Future<AccessHistoryPage> accessHistory(Ins ins, int page, int pageSize);

    /**
     * The entries of the history under {@code filter}, newest first, each naming its document (title decrypted for the
     * patient while the document is in the record). {@code page} counts from 0; at most 10,000 entries deep.
     */
    Future<AccessHistoryPage> accessHistory(Ins ins, HistoryFilter filter, int page, int pageSize);

    /**
     * Replaces the phone number ({@code SMS}) or the e-mail address ({@code EMAIL}) of the sealed identity, once the
     * caller has confirmed a code sent to the new address; returns the contact as it was, so the old address can be
     * told. Audited ({@code CHANGE_CONTACT}); an erased or closed record refuses ({@code Conflict}).
     */
    Future<Contact> changeContact(Ins ins, fr.sante.dmp.notify.outbox.Channel channel, String address);

    /**
     * Emergency accesses since {@code since}, at most {@code limit} (1 to 20) of each kind, newest first: the
     * break-glass grants that opened the record, and the break-glass attempts that were refused.
     */
    Future<EmergencyAccesses> emergencyAccesses(Ins ins, java.time.Instant since, int limit);

    /** The latest directives (draft or signed), if any. */
    Future<Optional<AdvanceDirective>> directives(Ins ins);

    /** Saves a new draft version (the latest version wins once signed). */
    Future<AdvanceDirective> saveDirectivesDraft(Ins ins, AdvanceDirectiveContent content);

    /** Signs the latest draft (the caller has re-confirmed with a one-time code). */
    Future<AdvanceDirective> signDirectives(Ins ins);

    /** Revokes the signed directives (a new, revoked version). */
    Future<Void> revokeDirectives(Ins ins);

    /** All versions, newest first. */
    Future<java.util.List<AdvanceDirective>> directivesHistory(Ins ins);

    /**
     * Adds a document of the person's own (class 34109-9, at most 20 MiB): PDF, JPEG or PNG as its bytes show, the
     * declared type never trusted ({@code Invalid("file")} otherwise); audited ADD_OWN_DOCUMENT; refused unless the
     * record is ACTIVE. Professionals read it as the policy's matrix says. Returns its id.
     */
    Future<UUID> addOwnDocument(Ins ins, String title, byte[] content);

    /**
     * Deletes a document the person added (and only those: a professional's document, the medical profile or another
     * record's document is NotFound, nothing deleted); audited DELETE_OWN_DOCUMENT.
     */
    Future<Void> deleteOwnDocument(Ins ins, UUID documentId);

    /** The medical profile the patient entered (latest version), if any. */
    Future<Optional<MedicalProfile>> medicalProfile(Ins ins);

    /**
     * Saves the medical profile as a document of class 51855-5 written by the patient, replacing the previous version
     * (its masking kept); professionals see it subject to consent. Audited SAVE_MEDICAL_PROFILE; refused
     * (AccessDenied, audited) unless the record is ACTIVE.
     */
    Future<Void> saveMedicalProfile(Ins ins, MedicalProfile profile);
}
