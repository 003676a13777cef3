package fr.sante.dmp.gateway.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.DocumentSummary;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * An ITI-67 searchset Bundle in FHIR JSON, written straight from the store's summaries: the same bytes HAPI's encoder
 * gives for the Bundle {@link DocumentReferences#of} builds ({@code SearchsetJsonTest} compares them on generated
 * documents), at a fraction of the CPU. ITI-67 is the face's hot path, and HAPI's reflective model walk cost about twice
 * the JSON list's whole request (docs/BENCHMARKS.md, G2f). {@link DocumentReferences} stays the definition of the
 * resource: XML and reads by id are encoded from it, and any change there shows here as a failed comparison.
 */
final class SearchsetJson {
    /**
     * Thread-safe once configured; generators are made per answer. Characters outside the BMP go out as their 4-byte
     * UTF-8, as HAPI's writer-based encoder gives them, not as escaped surrogate pairs.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    /** HAPI writes instants with milliseconds and dateTimes with seconds, both with an offset, never "Z". */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    /** About a DocumentReference's size in JSON: the buffer's first allocation. */
    private static final int REFERENCE_BYTES = 1700;

    private SearchsetJson() {
    }

    /**
     * @param next the next page's URL, if more remain
     * @param now  the Bundle's lastUpdated
     */
    static Buffer of(List<DocumentSummary> documents, int total, Ins ins, String base, String self,
                     Optional<String> next, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + documents.size() * REFERENCE_BYTES);
        // HAPI encodes dates in the JVM's zone at the time of the call: so does this.
        ZoneId zone = ZoneId.systemDefault();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("resourceType", "Bundle");
            g.writeObjectFieldStart("meta");
            g.writeStringField("lastUpdated", instant(now, zone));
            g.writeEndObject();
            g.writeStringField("type", "searchset");
            g.writeNumberField("total", total);
            g.writeArrayFieldStart("link");
            link(g, "self", self);
            if (next.isPresent()) {
                link(g, "next", next.get());
            }
            g.writeEndArray();
            if (!documents.isEmpty()) {
                g.writeArrayFieldStart("entry");
                for (DocumentSummary d : documents) {
                    g.writeStartObject();
                    g.writeStringField("fullUrl", base + "/DocumentReference/" + d.id());
                    g.writeFieldName("resource");
                    documentReference(g, d, ins, base, zone);
                    g.writeObjectFieldStart("search");
                    g.writeStringField("mode", "match");
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static void link(JsonGenerator g, String relation, String url) throws IOException {
        g.writeStartObject();
        g.writeStringField("relation", relation);
        g.writeStringField("url", url);
        g.writeEndObject();
    }

    /** Element for element, in the order of FHIR's definition, what {@link DocumentReferences#of} sets. */
    private static void documentReference(JsonGenerator g, DocumentSummary d, Ins ins, String base, ZoneId zone)
            throws IOException {
        String id = d.id().toString();
        String deposited = instant(d.depositedAt(), zone);
        g.writeStartObject();
        g.writeStringField("resourceType", "DocumentReference");
        g.writeStringField("id", id);
        g.writeObjectFieldStart("meta");
        g.writeStringField("lastUpdated", deposited);
        g.writeEndObject();
        g.writeFieldName("masterIdentifier");
        identifier(g, "usual", DocumentReferences.URI, "urn:uuid:" + id);
        g.writeArrayFieldStart("identifier");
        identifier(g, "official", DocumentReferences.URI, "urn:uuid:" + id);
        g.writeEndArray();
        g.writeStringField("status", DocumentSummary.SUPERSEDED.equals(d.status()) ? "superseded" : "current");
        g.writeFieldName("type");
        codeable(g, DocumentReferences.LOINC, d.classCode());
        g.writeArrayFieldStart("category");
        codeable(g, DocumentReferences.LOINC, d.classCode());
        g.writeEndArray();
        if (ins != null) {
            g.writeFieldName("subject");
            patient(g, ins);
        }
        g.writeStringField("date", deposited);
        if (d.authorRpps().isPresent()) {
            g.writeArrayFieldStart("author");
            g.writeStartObject();
            g.writeStringField("type", "Practitioner");
            g.writeFieldName("identifier");
            identifier(g, null, Identifiers.IDNPS, Identifiers.idnps(d.authorRpps().get()));
            g.writeEndObject();
            g.writeEndArray();
        }
        if (d.replaces().isPresent()) {
            g.writeArrayFieldStart("relatesTo");
            g.writeStartObject();
            g.writeStringField("code", "replaces");
            g.writeObjectFieldStart("target");
            g.writeStringField("reference", "DocumentReference/" + d.replaces().get());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }
        string(g, "description", d.title());
        g.writeArrayFieldStart("securityLabel");
        codeable(g, DocumentReferences.CONFIDENTIALITY, d.masked() ? "R" : "N");
        g.writeEndArray();
        g.writeArrayFieldStart("content");
        g.writeStartObject();
        g.writeObjectFieldStart("attachment");
        string(g, "contentType", d.contentType());
        g.writeStringField("url", base + "/Binary/" + id);
        if (d.size() <= Integer.MAX_VALUE) {
            g.writeNumberField("size", (int) d.size());
        }
        string(g, "title", d.title());
        g.writeStringField("creation", d.depositedAt().atZone(zone).format(DATE_TIME));
        g.writeEndObject();
        g.writeObjectFieldStart("format");
        g.writeStringField("system", DocumentReferences.IHE_FORMAT);
        g.writeStringField("code", DocumentReferences.MIME_TYPE_SUFFICIENT);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        if (ins != null) {
            g.writeObjectFieldStart("context");
            g.writeFieldName("sourcePatientInfo");
            patient(g, ins);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void patient(JsonGenerator g, Ins ins) throws IOException {
        g.writeStartObject();
        g.writeStringField("reference", "Patient/" + ins.value());
        g.writeStringField("type", "Patient");
        g.writeFieldName("identifier");
        identifier(g, null, Identifiers.INS_NIR, ins.value());
        g.writeEndObject();
    }

    private static void identifier(JsonGenerator g, String use, String system, String value) throws IOException {
        g.writeStartObject();
        if (use != null) {
            g.writeStringField("use", use);
        }
        g.writeStringField("system", system);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static void codeable(JsonGenerator g, String system, String code) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        g.writeStartObject();
        g.writeStringField("system", system);
        string(g, "code", code);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    /** HAPI leaves out an empty string as it leaves out an absent one. */
    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }

    private static String instant(Instant at, ZoneId zone) {
        return at.truncatedTo(ChronoUnit.MILLIS).atZone(zone).format(INSTANT);
    }
}
