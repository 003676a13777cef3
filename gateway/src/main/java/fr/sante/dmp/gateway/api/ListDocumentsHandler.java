package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.DocumentQuery;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Optional;
import java.util.Set;

/**
 * GET /patients/{ins}/documents: what this professional may see, newest first. Without {@code limit} or
 * {@code after}, the whole list as it always was; with either, one page of the same list through the store's keyset
 * search (the FHIR face's ITI-67), {@code next} naming the page after it while more remain.
 */
final class ListDocumentsHandler implements Handler<RoutingContext> {
    /** The whole list's documents: superseded ones too, as the unpaged list shows them. */
    private static final Set<String> EVERY_STATUS = Set.of(DocumentSummary.CURRENT, DocumentSummary.SUPERSEDED);

    private final RecordService records;

    ListDocumentsHandler(RecordService records) {
        this.records = records;
    }

    @Override
    public void handle(RoutingContext rc) {
        Ins ins = Exchange.ins(rc);
        // As the contract validated them: limit a whole number within its bounds (1..MAX_COUNT, ContractTest).
        ValidatedRequest validated = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        RequestParameter limit = validated.getQuery().get("limit");
        RequestParameter after = validated.getQuery().get("after");
        if (absent(limit) && absent(after)) {
            records.listDocuments(Exchange.professional(rc), ins)
                    .onSuccess(documents -> Exchange.json(rc, 200, DocumentJson.listEncoded(documents)))
                    .onFailure(rc::fail);
            return;
        }
        Optional<DocumentQuery.Cursor> cursor = absent(after) ? Optional.empty() : Optional.of(
                DocumentQuery.Cursor.parse(after.getString())
                        .orElseThrow(() -> Exchange.invalid("after", "is not a cursor this list gave")));
        DocumentQuery query = new DocumentQuery(EVERY_STATUS, Set.of(), Set.of(), Optional.empty(), Optional.empty(),
                cursor, absent(limit) ? DocumentQuery.DEFAULT_COUNT : limit.getInteger());
        records.searchDocuments(Exchange.professional(rc), ins, query)
                .onSuccess(page -> Exchange.json(rc, 200, DocumentJson.pageEncoded(page.documents(),
                        page.next().map(DocumentQuery.Cursor::token))))
                .onFailure(rc::fail);
    }

    private static boolean absent(RequestParameter p) {
        return p == null || p.isNull();
    }
}
