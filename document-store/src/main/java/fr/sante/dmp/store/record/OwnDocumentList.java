package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.RecordState;
import java.util.List;

/**
 * The patient's documents page from one query: the record's state, who still sees a masked document (the treating
 * doctor; break-glass unless the patient opposed emergency access), and the documents this actor sees, newest first.
 */
public record OwnDocumentList(RecordState state, boolean treatingDoctor, boolean emergencyAccessOpposed,
                              List<DocumentSummary> documents) {
    public OwnDocumentList {
        documents = List.copyOf(documents);
    }
}
