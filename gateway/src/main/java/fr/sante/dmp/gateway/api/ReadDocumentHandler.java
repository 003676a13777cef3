package fr.sante.dmp.gateway.api;

import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * GET /documents/{id}: the raw content, if the consent rules allow, always as {@code application/octet-stream} with
 * {@code Content-Disposition: attachment}: a deposited HTML or script must never render as same-origin content of
 * the API (a stored XSS against whoever opens the URL in a browser). The content type given at deposit travels in
 * {@value #ORIGINAL_TYPE} for the software that needs it.
 */
final class ReadDocumentHandler implements Handler<RoutingContext> {
    static final String ORIGINAL_TYPE = "X-Content-Type-Original";
    private final RecordService records;
    private final PatientQuotaHandler quota;

    /** {@code quota} counts the record's patient once the store named it, before the content leaves. */
    ReadDocumentHandler(RecordService records, PatientQuotaHandler quota) {
        this.records = records;
        this.quota = quota;
    }

    @Override
    public void handle(RoutingContext rc) {
        UUID id;
        try {
            id = UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Exchange.invalid("id", "id must be a UUID");
        }
        records.readDocument(Exchange.professional(rc), id, insHash -> quota.count(rc, insHash))
                .onSuccess(doc -> rc.response()
                        .putHeader("Content-Type", "application/octet-stream")
                        .putHeader(ORIGINAL_TYPE, doc.summary().contentType())
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Content-Disposition", "attachment")
                        .end(Buffer.buffer(doc.content())))
                .onFailure(rc::fail);
    }
}
