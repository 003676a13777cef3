package fr.sante.dmp.store.patient.overview;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import io.vertx.core.Future;

/** What the patient sees of their record at a glance: the dashboard and the "who can see what" preview. */
public interface OverviewService {

    /**
     * The same service with every call made by this representative for the person each call names: audited as
     * "representative R for person P" (actor REPRESENTATIVE, the link's id), what is confidential from
     * representatives left out of every list, count, preview and history, directives and personal choices refused.
     * Only ever pass a representation {@code Representations.authorise} returned for this request: it read the link in
     * force.
     */
    OverviewService as(fr.sante.dmp.consent.Representation representative);


    /** State, deadline, settings, alert choices: the dashboard and {@code GET /api/v1/me}. */
    Future<PatientOverview> overview(Ins ins);

    /** What a professional of this profession (not the treating doctor, not blocked) would see now, with reasons. */
    Future<AccessPreview> preview(Ins ins, Profession profession);

    /** Both, from one load of the record: the privacy page shows the overview and a preview together. */
    Future<OverviewWithPreview> overviewWithPreview(Ins ins, Profession profession);
}
