package fr.sante.dmp.store.patient.choices;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/**
 * The choices the patient makes about their record: who sees what (masking, blocking, treating doctor, emergency
 * access, secret care), alerts, language, research use, and the documents they add themselves (own documents, the
 * medical profile). Each change is one audited transaction; a change to consent settings is in force on the very next
 * request.
 */
public interface ChoicesService {

    /**
     * The same service with every call made by this representative for the person each call names: audited as
     * "representative R for person P" (actor REPRESENTATIVE, the link's id), what is confidential from
     * representatives left out of every list, count, preview and history, directives and personal choices refused.
     * Only ever pass a representation {@code Representations.authorise} returned for this request: it read the link in
     * force.
     */
    ChoicesService as(fr.sante.dmp.consent.Representation representative);


    /**
     * Succeeds for the person themself; fails with AccessDenied ({@code representative-not-allowed}) on a
     * representative's view ({@link #as}): for the choices only the person makes that live in other services (the
     * care history's line choices and opening).
     */
    Future<Void> personOnly(Ins ins);

    /**
     * A minor's secret care (L1111-5): the person hides one of their documents from their representatives (or shows
     * it again); refused to a representative ({@code representative-not-allowed}).
     */
    Future<Void> setConfidentialFromRepresentatives(Ins ins, UUID documentId, boolean confidential);

    /** The language of messages and pages for this patient: {@code fr} or {@code en}. */
    Future<Void> setLanguage(Ins ins, String language);

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
