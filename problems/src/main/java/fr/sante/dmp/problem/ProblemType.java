package fr.sante.dmp.problem;

/**
 * The stable problem types of the platform's APIs (professional, FHIR face, patient): one vocabulary under one base
 * URI. The URIs are identifiers for clients to switch on; they never change meaning.
 */
public enum ProblemType {
    INVALID_FIELD("invalid-field", 400, "A field of the request is invalid"),
    MALFORMED_BODY("malformed-body", 400, "The request body cannot be parsed"),
    UNSUPPORTED_CONTENT_TYPE("unsupported-content-type", 400, "The request body's content type is not accepted"),
    /**
     * The same type answered as HTTP says (415) by the patient API; the professional contract has said 400 from the
     * start, and its clients rely on it.
     */
    UNSUPPORTED_MEDIA_TYPE("unsupported-content-type", 415, "The request body's content type is not accepted"),
    UNAUTHENTICATED("unauthenticated", 401, "A valid bearer token is required"),
    /** A one-time code that is wrong, expired or used up (one answer for all three: told apart, they leak). */
    WRONG_CODE("wrong-code", 401, "Wrong or expired code"),
    CLIENT_CERTIFICATE_REQUIRED("client-certificate-required", 401, "A client certificate is required"),
    INSUFFICIENT_SCOPE("insufficient-scope", 403, "The token does not grant this operation"),
    NO_PROFESSIONAL_IDENTITY("no-professional-identity", 403, "The token carries no professional identity"),
    CONSENT_DENIED("consent-denied", 403, "Access denied by the patient's consent rules"),
    INVALID_PROOF("invalid-proof", 403, "The proof of the patient's presence is not valid"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "The request conflicts with the record's state"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    URI_TOO_LONG("uri-too-long", 414, "The request line is too long"),
    HEADERS_TOO_LARGE("headers-too-large", 431, "The request headers are too large"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    PATIENT_QUOTA_EXCEEDED("patient-quota-exceeded", 429, "Too many distinct patients opened today"),
    /** Too many login or code attempts for an identity or from an address. */
    TOO_MANY_ATTEMPTS("too-many-attempts", 429, "Too many attempts"),
    /** Too many one-time codes asked for (login, signature, care code, contact change). */
    TOO_MANY_CODES("too-many-codes", 429, "Too many codes requested"),
    /** An export of the record is running, or too many are. */
    TOO_MANY_EXPORTS("too-many-exports", 429, "Too many exports at once"),
    UNAVAILABLE("unavailable", 503, "The service cannot answer now"),
    OVERLOADED("overloaded", 503, "The gateway is at capacity"),
    INTERNAL("internal", 500, "Internal error");

    public static final String BASE = "https://dmp.sante.fr/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return BASE + slug;
    }

    public int status() {
        return status;
    }

    /** The type's short name, as in its URI ({@code rate-limited}): the metrics' label. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** Routing-context key under which the failure handler leaves the type it answered (for the metrics). */
    public static final String ANSWERED = "dmp.problemType";
}
