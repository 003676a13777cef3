package fr.sante.dmp.store.record;

import java.util.List;
import java.util.Optional;

/**
 * One page of a search: the documents this actor may see, newest first, the cursor of the next page if any, and
 * {@code total}: how many documents of the whole answer (every page) this actor may see.
 */
public record DocumentPage(List<DocumentSummary> documents, Optional<DocumentQuery.Cursor> next, int total) {
}
