package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** GET /documents/{id}: the raw content with its own content type, if the consent rules allow. */
final class ReadDocumentHandler implements Handler<RoutingContext> {
    private final RecordService records;

    ReadDocumentHandler(RecordService records) {
        this.records = records;
    }

    @Override
    public void handle(RoutingContext rc) {
        UUID id;
        try {
            id = UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Exchange.invalid("id", "id must be a UUID");
        }
        records.readDocument(Exchange.professional(rc), id)
                .onSuccess(doc -> rc.response()
                        .putHeader("Content-Type", doc.summary().contentType())
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Content-Disposition", "attachment")
                        .end(Buffer.buffer(doc.content())))
                .onFailure(rc::fail);
    }
}
