package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.record.DocumentSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Document metadata as the contract's {@code DocumentSummary}. */
final class DocumentJson {

    private DocumentJson() {
    }

    static JsonObject list(List<DocumentSummary> documents) {
        JsonArray array = new JsonArray();
        documents.forEach(d -> array.add(summary(d)));
        return new JsonObject().put("documents", array);
    }

    static JsonObject summary(DocumentSummary d) {
        return new JsonObject()
                .put("id", d.id().toString())
                .put("classCode", d.classCode())
                .put("title", d.title())
                .put("contentType", d.contentType())
                .put("author", d.authorRpps().orElse(null))
                .put("depositedAt", d.depositedAt().toString())
                .put("size", d.size())
                .put("masked", d.masked());
    }
}
