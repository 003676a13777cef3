package fr.sante.dmp.consent;

/** What the actor wants to do with the record. */
public enum Action {
    /** List the documents (metadata) visible to the actor. */
    LIST_DOCUMENTS,
    /** Read one document's content. */
    READ_DOCUMENT,
    /** Add a document to the record. */
    DEPOSIT,
    /** Read the advance directives. */
    READ_DIRECTIVES,
    /**
     * Read the insurer-fed care history. Answered by {@link ConsentEngine#decideCareHistory(CareHistoryRequest)};
     * {@link ConsentEngine#decide(AccessRequest)} answers it as a quarantined history (the patient's choice unknown).
     */
    READ_CARE_HISTORY
}
