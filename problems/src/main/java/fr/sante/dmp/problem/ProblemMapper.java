package fr.sante.dmp.problem;

import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.store.RecordException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.handler.HttpException;
import java.util.Optional;

/**
 * Maps every failure a request can meet to one {@link Problem}. A client's mistake is a 4xx naming the field; only
 * what we did not foresee is a 500 (and is logged with its stack trace, never sent).
 */
public final class ProblemMapper {

    private ProblemMapper() {
    }

    public static Problem map(Throwable failure, int statusCode) {
        return map(failure, statusCode, FieldNames.LAST);
    }

    /** The same, naming a body field the contract refused as {@code names} says. */
    public static Problem map(Throwable failure, int statusCode, FieldNames names) {
        Throwable f = failure instanceof HttpException he && he.getCause() != null ? he.getCause() : failure;
        if (f instanceof ProblemException pe) {
            return pe.problem();
        }
        if (f instanceof RecordException re) {
            return fromStore(re);
        }
        if (f instanceof InvalidIdentifierException iie) {
            // The message names the field and never repeats the rejected value (see InvalidIdentifierException).
            return Problem.field(ProblemType.INVALID_FIELD, iie.field(), iie.getMessage());
        }
        if (formTooLarge(f)) {
            return Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the request body exceeds the limit");
        }
        if (dependencyDown(f)) {
            // Redis down or refusing, a saturated client pool: nobody can be checked, so nothing is done (fail
            // closed); the client may retry.
            return new Problem(ProblemType.UNAVAILABLE, "nothing was changed; retry in a few minutes",
                    Optional.empty(), Optional.empty(), Optional.of(5L));
        }
        Optional<Problem> validation = ContractViolations.map(f, names);
        if (validation.isPresent()) {
            return validation.get();
        }
        if (f instanceof DecodeException) {
            return Problem.field(ProblemType.MALFORMED_BODY, "body", "the body is not valid JSON");
        }
        int status = failure instanceof HttpException he ? he.getStatusCode() : statusCode;
        return fromStatus(status);
    }

    /**
     * The server's form decoder refusing a field larger than its {@code maxFormAttributeSize}, or too many fields: the
     * client sent too much (a pasted book, a forged form), not our fault. Netty says so with a bare IOException.
     */
    static boolean formTooLarge(Throwable f) {
        return f instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooManyFormFieldsException
                || f instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooLongFormFieldException
                || f instanceof java.io.IOException && f.getMessage() != null
                && f.getMessage().startsWith("Size exceed allowed maximum capacity");
    }

    private static boolean dependencyDown(Throwable f) {
        return f != null && (f.getClass().getName().startsWith("io.vertx.redis")
                || f instanceof java.net.ConnectException
                || f instanceof io.vertx.core.http.ConnectionPoolTooBusyException);
    }

    /** The one mapping of the store's errors (and the consent refusals it carries) to problems. */
    public static Problem fromStore(RecordException e) {
        if (e instanceof RecordException.NotAdmitted refused && refused.getCause() != null) {
            return map(refused.getCause(), 500); // the caller's own check (the quota) said what to answer
        }
        if (e instanceof RecordException.NotFound) {
            return Problem.of(ProblemType.NOT_FOUND, e.getMessage());
        }
        if (e instanceof RecordException.AccessDenied denied) {
            Decision d = denied.decision();
            return new Problem(ProblemType.CONSENT_DENIED, "denied by rule " + d.ruleId() + ": " + d.reasonEn(),
                    Optional.empty(), Optional.of(new Problem.ConsentRule(d.ruleId(), d.reasonFr(), d.reasonEn())),
                    Optional.empty());
        }
        if (e instanceof RecordException.Invalid invalid) {
            return Problem.field(ProblemType.INVALID_FIELD, invalid.field(), invalid.getMessage());
        }
        if (e instanceof RecordException.Conflict c) {
            return Problem.bilingual(ProblemType.CONFLICT, c.detailFr(), c.detailEn());
        }
        // Unavailable: the store could not decide, so nothing is served (fail closed).
        return new Problem(ProblemType.UNAVAILABLE, "the record store is unavailable; retry later",
                Optional.empty(), Optional.empty(), Optional.of(5L));
    }

    static Problem fromStatus(int status) {
        return switch (status) {
            case 400 -> Problem.of(ProblemType.MALFORMED_BODY, "the request cannot be understood");
            case 401 -> Problem.of(ProblemType.UNAUTHENTICATED, "a valid bearer token is required");
            case 403 -> Problem.of(ProblemType.INSUFFICIENT_SCOPE, "forbidden");
            case 404 -> Problem.of(ProblemType.NOT_FOUND, "no such resource");
            case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED, "this method is not allowed on this resource");
            case 413 -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the request body exceeds 20 MiB");
            case 415 -> Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send application/json in UTF-8");
            case 503 -> Problem.of(ProblemType.UNAVAILABLE, "the service cannot answer now; retry later");
            default -> status >= 400 && status < 500
                    ? Problem.of(ProblemType.MALFORMED_BODY, "the request cannot be understood")
                    : Problem.of(ProblemType.INTERNAL, "internal error; quote the request id to support");
        };
    }
}
