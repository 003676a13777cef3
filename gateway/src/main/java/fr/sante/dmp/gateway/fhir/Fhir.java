package fr.sante.dmp.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI FHIR's R4 context (thread-safe, built once on a worker) and its parsers (made per use: they are not). Parsing or
 * serialising more than {@value #ON_WORKER_BYTES} bytes runs on a worker: an event loop never parses a large bundle.
 */
final class Fhir {
    static final int ON_WORKER_BYTES = 256 * 1024;
    /** Longest HAPI message quoted back to the client (it names the element and position that failed). */
    private static final int MAX_MESSAGE = 300;

    private final Vertx vertx;
    private final FhirContext context;

    Fhir(Vertx vertx, FhirContext context) {
        this.vertx = vertx;
        this.context = context;
    }

    FhirContext context() {
        return context;
    }

    /** Strict parsing: an unknown element, a wrong type or a wrong resourceType is a 400 naming what failed. */
    <T extends IBaseResource> Future<T> parse(Class<T> type, Buffer body, FhirFormat format) {
        if (body == null || body.length() == 0) {
            return Future.failedFuture(new ProblemException(Problem.field(ProblemType.MALFORMED_BODY, "body",
                    "a FHIR " + type.getSimpleName() + " is required")));
        }
        if (body.length() < ON_WORKER_BYTES) {
            try {
                return Future.succeededFuture(parseNow(type, body, format));
            } catch (ProblemException e) {
                return Future.failedFuture(e);
            }
        }
        return vertx.executeBlocking(() -> parseNow(type, body, format), false);
    }

    private <T extends IBaseResource> T parseNow(Class<T> type, Buffer body, FhirFormat format) {
        IParser parser = parser(format).setParserErrorHandler(new StrictErrorHandler());
        try {
            return parser.parseResource(type, body.toString(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // DataFormatException for what HAPI foresaw; anything else thrown on a client's body (HAPI's parser has
            // NullPointerExceptions on some malformed extensions, found by the reliability fuzz) is the body's fault
            // too: the parser has no state of ours to break.
            String message = e instanceof DataFormatException && e.getMessage() != null ? e.getMessage()
                    : "it cannot be read";
            if (message.length() > MAX_MESSAGE) {
                message = message.substring(0, MAX_MESSAGE) + "...";
            }
            throw new ProblemException(Problem.field(ProblemType.MALFORMED_BODY, "body",
                    "the body is not a valid FHIR " + type.getSimpleName() + " in " + format.name() + ": "
                            + message));
        }
    }

    /** Serialises on the event loop when {@code estimatedBytes} is small, else on a worker. */
    Future<Buffer> encode(IBaseResource resource, FhirFormat format, long estimatedBytes) {
        if (estimatedBytes < ON_WORKER_BYTES) {
            return Future.succeededFuture(encodeNow(resource, format));
        }
        return vertx.executeBlocking(() -> encodeNow(resource, format), false);
    }

    Buffer encodeNow(IBaseResource resource, FhirFormat format) {
        // Not the CapabilityStatement: the composer writes a complex extension's url after its nested extensions,
        // HAPI before them (the same JSON object, other bytes); it is not on any hot path.
        if (format == FhirFormat.JSON && resource instanceof org.hl7.fhir.r4.model.Resource r4
                && !(resource instanceof org.hl7.fhir.r4.model.CapabilityStatement)) {
            return R4Json.encode(r4);
        }
        return Buffer.buffer(parser(format).encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code resource} in the negotiated format, no-store. */
    void send(RoutingContext rc, int status, IBaseResource resource, long estimatedBytes) {
        FhirFormat format;
        try {
            format = FhirFormat.answer(rc);
        } catch (ProblemException e) {
            rc.fail(e);
            return;
        }
        encode(resource, format, estimatedBytes)
                .onSuccess(body -> send(rc, status, format, body))
                .onFailure(rc::fail);
    }

    /** Answers a body already encoded in {@code format}, no-store. */
    void send(RoutingContext rc, int status, FhirFormat format, Buffer body) {
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", format.mediaType())
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }

    private IParser parser(FhirFormat format) {
        return format == FhirFormat.XML ? context.newXmlParser() : context.newJsonParser();
    }
}
