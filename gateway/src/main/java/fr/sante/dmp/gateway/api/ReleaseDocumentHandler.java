package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** POST /documents/{id}/release: a withheld result made visible to the patient by its author or the treating doctor. */
final class ReleaseDocumentHandler implements Handler<RoutingContext> {
    private final RecordService records;

    ReleaseDocumentHandler(RecordService records) {
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
        records.release(Exchange.professional(rc), id)
                .onSuccess(v -> rc.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
                .onFailure(rc::fail);
    }
}
