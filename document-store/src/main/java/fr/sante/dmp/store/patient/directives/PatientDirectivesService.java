package fr.sante.dmp.store.patient.directives;

import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The patient's own advance directives: drafts, signature, revocation, versions. Refused to a representative. How
 * professionals read them is {@link DirectivesService}.
 */
public interface PatientDirectivesService {

    /**
     * The same service with every call made by this representative for the person each call names: audited as
     * "representative R for person P" (actor REPRESENTATIVE, the link's id), what is confidential from
     * representatives left out of every list, count, preview and history, directives and personal choices refused.
     * Only ever pass a representation {@code Representations.authorise} returned for this request: it read the link in
     * force.
     */
    PatientDirectivesService as(fr.sante.dmp.consent.Representation representative);


    /** The latest directives (draft or signed), if any. */
    Future<Optional<AdvanceDirective>> directives(Ins ins);

    /** The latest directives and the names of the person they are of, in one query (the print view, the PDF). */
    Future<PrintableDirectives> printableDirectives(Ins ins);

    /** Saves a new draft version (the latest version wins once signed). */
    Future<AdvanceDirective> saveDirectivesDraft(Ins ins, AdvanceDirectiveContent content);

    /** Signs the latest draft (the caller has re-confirmed with a one-time code). */
    Future<AdvanceDirective> signDirectives(Ins ins);

    /** Revokes the signed directives (a new, revoked version). */
    Future<Void> revokeDirectives(Ins ins);

    /** All versions, newest first. */
    Future<List<AdvanceDirective>> directivesHistory(Ins ins);
}
