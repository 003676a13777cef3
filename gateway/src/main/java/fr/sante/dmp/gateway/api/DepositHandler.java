package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;

/** POST /patients/{ins}/documents: deposits a document; 201 with its id and a Location. */
final class DepositHandler implements Handler<RoutingContext> {
    /** Above this, decoding base64 costs enough milliseconds to belong on a worker thread. */
    private static final int INLINE_DECODE_LIMIT = 256 * 1024;

    private final Vertx vertx;
    private final RecordService records;

    DepositHandler(Vertx vertx, RecordService records) {
        this.vertx = vertx;
        this.records = records;
    }

    @Override
    public void handle(RoutingContext rc) {
        Ins ins = Exchange.ins(rc);
        JsonObject b = Exchange.body(rc);
        DocumentClass documentClass = DocumentClass.fromLoinc(b.getString("classCode"));
        String encoded = b.getString("content");
        Future<byte[]> content = encoded.length() <= INLINE_DECODE_LIMIT
                ? Future.succeededFuture(decode(encoded))
                : vertx.executeBlocking(() -> decode(encoded), false);
        content.compose(bytes -> records.deposit(Exchange.professional(rc), ins, new NewDocument(documentClass,
                        b.getString("title"), b.getString("contentType"), bytes,
                        b.getBoolean("withheldFromPatient", false), java.util.Optional.empty(),
                        b.getBoolean("confidentialFromRepresentatives", false))))
                .onSuccess(id -> {
                    rc.response().putHeader("Location", "/api/v1/documents/" + id);
                    Exchange.json(rc, 201, new JsonObject().put("id", id.toString()));
                })
                .onFailure(rc::fail);
    }

    /**
     * The contract's {@code contentEncoding: base64}, checked here rather than by the schema validator (Contract):
     * the RFC 4648 alphabet only (no line breaks), padded to a multiple of 4 characters.
     */
    private static byte[] decode(String encoded) {
        if (encoded.length() % 4 != 0) {
            throw Exchange.invalid("content", "content must be base64");
        }
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw Exchange.invalid("content", "content must be base64");
        }
    }
}
