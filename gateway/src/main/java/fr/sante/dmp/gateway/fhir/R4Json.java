package fr.sante.dmp.gateway.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.hl7.fhir.r4.formats.JsonCreator;
import org.hl7.fhir.r4.formats.JsonParser;
import org.hl7.fhir.r4.model.Resource;

/**
 * The face's JSON answers, written by the R4 composer that ships in {@code hapi-fhir-structures-r4}
 * ({@code org.hl7.fhir.r4.formats.JsonParser}, generated from the FHIR specification: one method per type and
 * element), its tokens handed to Jackson as HAPI's own parser hands them. HAPI's {@code IParser} finds each element by
 * reflection and copies every resource's {@code meta} through {@code Class.getMethod}: on a five-document searchset it
 * cost about 300 µs of CPU against about 80 µs here, for the same bytes ({@code FhirEncodingTest} compares the two on
 * every kind of resource the face answers). The FHIR is never written by hand: which names and values are written, in
 * which order, is the composer's. XML stays with HAPI's parser.
 */
final class R4Json {
    private static final JsonFactory JSON = new JsonFactory();
    /** A searchset page of 20 documents is about 30 KiB: one growth at most for most answers. */
    private static final int INITIAL_BYTES = 16 * 1024;

    private R4Json() {
    }

    static Buffer encode(Resource resource) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(INITIAL_BYTES);
        try (JsonGenerator generator = JSON.createGenerator(bytes)) {
            Tokens tokens = new Tokens(generator);
            tokens.beginObject();
            new JsonParser().compose(tokens, resource);
            tokens.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    /** The composer's token calls, as Jackson writes them (compact: the face never pretty-prints). */
    private record Tokens(JsonGenerator out) implements JsonCreator {
        @Override
        public void setIndent(String indent) {
            // compact output only
        }

        @Override
        public void beginObject() throws IOException {
            out.writeStartObject();
        }

        @Override
        public void endObject() throws IOException {
            out.writeEndObject();
        }

        @Override
        public void nullValue() throws IOException {
            out.writeNull();
        }

        @Override
        public void name(String name) throws IOException {
            out.writeFieldName(name);
        }

        @Override
        public void value(String value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                out.writeString(value);
            }
        }

        @Override
        public void value(Boolean value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                out.writeBoolean(value);
            }
        }

        @Override
        public void value(BigDecimal value) throws IOException {
            // As written in the resource (FHIR keeps a decimal's precision: 1.50 stays 1.50).
            valueNum(value == null ? null : value.toString());
        }

        @Override
        public void valueNum(String value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                out.writeNumber(value);
            }
        }

        @Override
        public void value(Integer value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                out.writeNumber(value);
            }
        }

        @Override
        public void beginArray() throws IOException {
            out.writeStartArray();
        }

        @Override
        public void endArray() throws IOException {
            out.writeEndArray();
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }

        @Override
        public void link(String href) {
            // only for rendering links in the composer's HTML output
        }
    }
}
