package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The two FHIR formats and their negotiation: {@code _format} first (FHIR's override for clients that cannot set
 * headers), then {@code Accept}; JSON when neither says. A request body's format is its {@code Content-Type}.
 */
enum FhirFormat {
    JSON("application/fhir+json"),
    XML("application/fhir+xml");

    private final String mediaType;

    FhirFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType + ";charset=utf-8";
    }

    /** The answer's format. An unknown {@code _format} is the client's mistake (400); an unknown Accept gets JSON. */
    static FhirFormat answer(RoutingContext rc) {
        String format = rc.request().getParam("_format");
        if (format != null) {
            FhirFormat f = named(format);
            if (f == null) {
                throw new ProblemException(Problem.field(ProblemType.INVALID_FIELD, "_format",
                        "must be json, xml, application/fhir+json or application/fhir+xml"));
            }
            return f;
        }
        return fromAccept(rc.request().getHeader("Accept"));
    }

    /** The answer's format from an Accept header alone (also used when the request failed before routing). */
    static FhirFormat fromAccept(String accept) {
        if (accept == null) {
            return JSON;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        boolean xml = a.contains("fhir+xml") || a.contains("application/xml") || a.contains("text/xml");
        boolean json = a.contains("json");
        return xml && !json ? XML : JSON;
    }

    /** A request body's format, or 415 for anything but FHIR JSON or XML. */
    static FhirFormat body(String contentType) {
        FhirFormat f = contentType == null ? null : named(contentType.split(";", 2)[0].trim());
        if (f == null) {
            throw new ProblemException(Problem.field(ProblemType.UNSUPPORTED_CONTENT_TYPE, "Content-Type",
                    "send the body as application/fhir+json or application/fhir+xml"));
        }
        return f;
    }

    private static FhirFormat named(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "json", "application/json", "application/fhir+json", "application/json+fhir" -> JSON;
            case "xml", "text/xml", "application/xml", "application/fhir+xml", "application/xml+fhir" -> XML;
            default -> null;
        };
    }
}
