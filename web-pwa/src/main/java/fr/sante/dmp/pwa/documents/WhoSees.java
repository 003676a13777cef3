package fr.sante.dmp.pwa.documents;

import fr.sante.dmp.store.patient.choices.MaskedDocument;
import fr.sante.dmp.store.patient.overview.PatientOverview;

/**
 * Who still sees a masked document (R1111-49: the author; the treating doctor; break-glass unless the patient opposed
 * emergency access), as the explanation shown beside each mask switch.
 */
public record WhoSees(boolean treatingDoctor, boolean emergency) {

    public static WhoSees of(PatientOverview o) {
        return new WhoSees(o.treatingDoctorRpps().isPresent(), !o.emergencyAccessOpposed());
    }

    /** From the document page's own read, by the same query. */
    public static WhoSees of(fr.sante.dmp.store.record.OwnDocument document) {
        return new WhoSees(document.treatingDoctor(), !document.emergencyAccessOpposed());
    }

    /** From the documents page's own list, read by the same query. */
    public static WhoSees of(fr.sante.dmp.store.record.OwnDocumentList list) {
        return new WhoSees(list.treatingDoctor(), !list.emergencyAccessOpposed());
    }

    /** From a mask's own answer, so that re-rendering the changed row needs no second load of the record. */
    public static WhoSees of(MaskedDocument change) {
        return new WhoSees(change.treatingDoctor(), !change.emergencyAccessOpposed());
    }

    /** Message key of the sentence for a masked document. */
    public String maskedKey() {
        return "documents.masked.who." + (treatingDoctor ? "td" : "notd") + (emergency ? ".emergency" : "");
    }
}
