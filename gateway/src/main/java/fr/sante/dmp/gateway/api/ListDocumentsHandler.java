package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** GET /patients/{ins}/documents: what this professional may see, newest first. */
final class ListDocumentsHandler implements Handler<RoutingContext> {
    private final RecordService records;

    ListDocumentsHandler(RecordService records) {
        this.records = records;
    }

    @Override
    public void handle(RoutingContext rc) {
        Ins ins = Exchange.ins(rc);
        records.listDocuments(Exchange.professional(rc), ins)
                .onSuccess(documents -> Exchange.json(rc, 200, DocumentJson.listEncoded(documents)))
                .onFailure(rc::fail);
    }
}
