package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.store.record.DocumentContent;
import fr.sante.dmp.store.record.DocumentQuery;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Binary;

/**
 * ITI-67 (find document references: a searchset Bundle, newest first, a next link while more remain), a
 * DocumentReference read, and ITI-68 (retrieve: the content itself, with its own type, or a Binary resource when a
 * FHIR format is asked for). Everything is decided and audited by the record services' door.
 */
final class DocumentHandlers {
    /** About a DocumentReference's size in the answer: whether a page is serialised on a worker. */
    private static final int REFERENCE_BYTES = 2048;
    /** The API's policy, sandboxed: a document rendered anyway runs nothing and reaches nothing. */
    private static final String INERT = fr.sante.dmp.gateway.guard.ApiTransport.CSP + "; sandbox";

    private final Fhir fhir;
    private final RecordService records;
    private final PatientQuotaHandler quota;

    /**
     * {@code quota} counts the patient of a document read by id once the store has named the record and before the
     * door records the read (as the JSON API's read by id): a read by id is no way round the distinct-patient quota.
     */
    DocumentHandlers(Fhir fhir, RecordService records, PatientQuotaHandler quota) {
        this.fhir = fhir;
        this.records = records;
        this.quota = quota;
    }

    static Actor.Professional professional(RoutingContext rc) {
        return AuthenticationHandler.caller(rc).professional().orElseThrow();
    }

    static boolean strict(RoutingContext rc) {
        String prefer = rc.request().getHeader("Prefer");
        return prefer != null && prefer.toLowerCase(Locale.ROOT).replace(" ", "").contains("handling=strict");
    }

    /** The base URL as the client reached it (links must work from where the client stands). */
    static String base(RoutingContext rc) {
        var authority = rc.request().authority();
        // HTTP/1.0 without Host: the address the request reached.
        String host = authority != null ? authority.toString()
                : rc.request().localAddress().hostAddress() + ":" + rc.request().localAddress().port();
        return rc.request().scheme() + "://" + host + FhirFace.MOUNT;
    }

    void search(RoutingContext rc) {
        DocumentSearchParameters p = DocumentSearchParameters.parse(rc.queryParams(), strict(rc));
        String base = base(rc);
        records.searchDocuments(professional(rc), p.ins(), p.query()).onSuccess(page -> {
            // self is this page: with the cursor that reached it, if one did.
            String self = link(base, p, p.query().after().map(DocumentQuery.Cursor::token).orElse(null));
            Optional<String> next = page.next().map(c -> link(base, p, c.token()));
            // HAPI's model and encoder in both formats: FHIR is never written by hand (issue 15).
            fhir.send(rc, 200, DocumentReferences.searchset(page.documents(), page.total(), p.ins(), base, self,
                    next, Instant.now()), (long) page.documents().size() * REFERENCE_BYTES);
        }).onFailure(rc::fail);
    }

    private static String link(String base, DocumentSearchParameters p, String cursor) {
        StringBuilder url = new StringBuilder(base).append("/DocumentReference?");
        for (String[] nv : p.linkParameters()) {
            url.append(encode(nv[0])).append('=').append(encode(nv[1])).append('&');
        }
        url.append("_count=").append(p.query().count());
        if (cursor != null) {
            url.append('&').append(DocumentSearchParameters.CURSOR).append('=').append(cursor);
        }
        return url.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** GET DocumentReference/{id}: the metadata (subject omitted: a read by id does not name the patient). */
    void read(RoutingContext rc) {
        UUID id = id(rc);
        String base = base(rc);
        records.readDocument(professional(rc), id, insHash -> quota.count(rc, insHash))
                .onSuccess(doc -> fhir.send(rc, 200, DocumentReferences.of(doc.summary(), null, base),
                        REFERENCE_BYTES))
                .onFailure(rc::fail);
    }

    /** GET Binary/{id} (ITI-68): the content as deposited, or a Binary resource if a FHIR format was asked for. */
    void retrieve(RoutingContext rc) {
        UUID id = id(rc);
        boolean asResource = rc.request().getParam("_format") != null || wantsFhir(rc.request().getHeader("Accept"));
        records.readDocument(professional(rc), id, insHash -> quota.count(rc, insHash)).onSuccess(doc -> {
            if (asResource) {
                fhir.send(rc, 200, binary(doc), doc.content().length * 4L / 3 + REFERENCE_BYTES);
                return;
            }
            // ITI-68 hands the document back with its own type; a deposited page or script stays inert on the API's
            // origin: an attachment, never sniffed, sandboxed with nothing allowed should a browser render it.
            rc.response()
                    .putHeader("Content-Type", doc.summary().contentType())
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", INERT)
                    .putHeader("Content-Disposition", "attachment")
                    .end(Buffer.buffer(doc.content()));
        }).onFailure(rc::fail);
    }

    private static Binary binary(DocumentContent doc) {
        Binary b = new Binary();
        b.setId(doc.summary().id().toString());
        b.setContentType(doc.summary().contentType());
        b.setData(doc.content());
        return b;
    }

    private static boolean wantsFhir(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("fhir+json") || a.contains("fhir+xml") || a.contains("json+fhir") || a.contains("xml+fhir");
    }

    static UUID id(RoutingContext rc) {
        try {
            return UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            // Ids of this server are UUIDs: anything else names no resource here.
            throw new ProblemException(Problem.of(ProblemType.NOT_FOUND, "no resource has this id"));
        }
    }

}
