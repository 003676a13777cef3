package fr.sante.dmp.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import fr.sante.dmp.store.record.DocumentSummary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Document metadata as the contract's {@code DocumentSummary}. */
final class DocumentJson {
    private static final JsonFactory JSON = new JsonFactory();

    private DocumentJson() {
    }

    static JsonObject list(List<DocumentSummary> documents) {
        JsonArray array = new JsonArray();
        documents.forEach(d -> array.add(summary(d)));
        return new JsonObject().put("documents", array);
    }

    /**
     * The same document as {@link #list} (same fields, same order), written straight by the streaming generator: the
     * list is the hot read path, and building a JsonObject of maps to hand to the data binder cost 5 % of the event
     * loop there ({@code git show baafc61:docs/BENCHMARKS.md}, "Read path after profiling"; the two encodings timed:
     * docs/BENCHMARKS.md, "Gateway micro-benchmarks").
     */
    static Buffer listEncoded(List<DocumentSummary> documents) {
        return pageEncoded(documents, Optional.empty());
    }

    /** One page of the list: its documents and, while more remain, {@code next}, the cursor of the page after. */
    static Buffer pageEncoded(List<DocumentSummary> documents, Optional<String> next) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 256 * documents.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("documents");
            for (DocumentSummary d : documents) {
                g.writeStartObject();
                g.writeStringField("id", d.id().toString());
                g.writeStringField("classCode", d.classCode());
                g.writeStringField("title", d.title());
                g.writeStringField("contentType", d.contentType());
                g.writeStringField("author", d.authorRpps().orElse(null));
                g.writeStringField("depositedAt", d.depositedAt().toString());
                g.writeNumberField("size", d.size());
                g.writeBooleanField("masked", d.masked());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (next.isPresent()) {
                g.writeStringField("next", next.get());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return Buffer.buffer(out.toByteArray());
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
