package fr.sante.dmp.pwa.export;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import fr.sante.dmp.store.record.DocumentSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a whole-record export holds besides the documents' bytes, as the door let this session read it: the profile
 * ({@code overview}), the documents' metadata with their paths inside the ZIP, the directives' versions (none for a
 * representative, whom the door refuses them), and the access history, newest first, at most
 * {@link RecordExports#HISTORY_DEPTH} entries ({@code historyTruncated} when there were more).
 */
public record ExportedRecord(Ins ins, PatientOverview overview, List<DocumentSummary> documents,
                             Map<UUID, String> documentPaths, List<AdvanceDirective> directives,
                             List<AccessHistoryPage.Entry> history, boolean historyTruncated, Instant exportedAt) {
    public ExportedRecord {
        documents = List.copyOf(documents);
        documentPaths = Map.copyOf(documentPaths);
        directives = List.copyOf(directives);
        history = List.copyOf(history);
    }
}
