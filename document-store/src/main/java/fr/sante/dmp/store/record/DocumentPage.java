package fr.sante.dmp.store.record;

import java.util.List;
import java.util.Optional;

/** One page of a search: the documents this actor may see, newest first, and the cursor of the next page if any. */
public record DocumentPage(List<DocumentSummary> documents, Optional<DocumentQuery.Cursor> next) {
}
