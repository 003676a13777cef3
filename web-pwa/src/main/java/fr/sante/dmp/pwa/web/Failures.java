package fr.sante.dmp.pwa.web;

import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.store.RecordException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mapping from failures to answers: a clear page for people, a problem document for the API. A client's mistake
 * is a 4xx naming the field; ours is a 500 with an incident id (logged with the cause, never with personal data).
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    /** Status, stable problem type, page title key and page text key for one failure. */
    public record Mapping(int status, String type, String titleKey, String textKey, String field) {
    }

    private final Views views;

    public Failures(Views views) {
        this.views = views;
    }

    public static Mapping map(Throwable failure, int statusCode) {
        if (failure instanceof RecordException.NotFound) {
            return new Mapping(404, "not-found", "error.notFound.title", "error.notFound.text", null);
        }
        if (failure instanceof RecordException.AccessDenied) {
            return new Mapping(403, "access-denied", "error.denied.title", "error.denied.text", null);
        }
        if (failure instanceof RecordException.Invalid invalid) {
            return new Mapping(400, "invalid", "error.invalid.title", "error.invalid.text", invalid.field());
        }
        if (failure instanceof InvalidIdentifierException invalid) {
            return new Mapping(400, "invalid", "error.invalid.title", "error.invalid.text", invalid.field());
        }
        if (failure instanceof RecordException.Conflict) {
            return new Mapping(409, "conflict", "error.conflict.title", "error.conflict.text", null);
        }
        if (failure instanceof RecordException.Unavailable) {
            return new Mapping(503, "unavailable", "error.unavailable.title", "error.unavailable.text", null);
        }
        if (formTooLarge(failure)) {
            return new Mapping(413, "too-large", "error.tooLarge.title", "error.tooLarge.text", null);
        }
        if (failure instanceof HttpException http && http.getStatusCode() < 500) {
            return clientStatus(http.getStatusCode());
        }
        if (failure == null && statusCode > 0 && statusCode < 500) {
            return clientStatus(statusCode);
        }
        // Redis down or refusing: nobody can be checked, so nothing is done (fail closed).
        // A saturated client pool (Redis at a deadline-day peak) is the same: refuse now, the client may retry.
        if (failure != null && (failure.getClass().getName().startsWith("io.vertx.redis")
                || failure instanceof java.net.ConnectException
                || failure instanceof io.vertx.core.http.ConnectionPoolTooBusyException)) {
            return new Mapping(503, "unavailable", "error.unavailable.title", "error.unavailable.text", null);
        }
        return new Mapping(500, "internal", "error.internal.title", "error.internal.text", null);
    }

    private static Mapping clientStatus(int status) {
        return switch (status) {
            // A route refused to this session (a representative on the passkeys' pages): a 403, not a malformed request.
            case 403 -> new Mapping(403, "access-denied", "error.denied.title", "error.denied.text", null);
            case 404 -> new Mapping(404, "not-found", "error.notFound.title", "error.notFound.text", null);
            case 413 -> new Mapping(413, "too-large", "error.tooLarge.title", "error.tooLarge.text", null);
            case 415 -> new Mapping(415, "unsupported-content-type", "error.invalid.title", "error.invalid.text", null);
            default -> new Mapping(400, "invalid", "error.invalid.title", "error.invalid.text", null);
        };
    }

    /**
     * The server's form decoder refusing a field larger than its {@code maxFormAttributeSize}, or too many fields: the
     * client sent too much (a pasted book, a forged form), not our fault. Netty says so with a bare IOException.
     */
    static boolean formTooLarge(Throwable failure) {
        return failure instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooManyFormFieldsException
                || failure instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooLongFormFieldException
                || failure instanceof java.io.IOException && failure.getMessage() != null
                && failure.getMessage().startsWith("Size exceed allowed maximum capacity");
    }

    public void page(RoutingContext ctx) {
        if (ctx.response().ended()) {
            // Already answered (the form decoder may report the same refusal twice): nothing more to say.
            return;
        }
        Mapping m = map(ctx.failure(), ctx.statusCode());
        logIfOurs(ctx, m);
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        errorPage(ctx, m.status(), m.titleKey(), m.textKey());
    }

    /**
     * The error page, or for htmx a fragment aimed at the page's alert region: swapped into the button or row that
     * made the request, a whole page would nest a page in it; not swapped, the person would see nothing happen.
     */
    private void errorPage(RoutingContext ctx, int status, String titleKey, String textKey) {
        if (Views.isHtmx(ctx)) {
            ctx.response().putHeader("HX-Retarget", "#" + Ids.APP_ALERT).putHeader("HX-Reswap", "innerHTML");
            views.send(ctx, status, "partials/failure.jte", views.page(ctx, null), "titleKey", titleKey,
                    "textKey", textKey);
            return;
        }
        views.send(ctx, status, "pages/error.jte", views.page(ctx, null), "titleKey", titleKey, "textKey", textKey);
    }

    public void api(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        Mapping m = map(ctx.failure(), ctx.statusCode());
        logIfOurs(ctx, m);
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        // A dependency down (Redis for sessions and codes, PostgreSQL for records) must read as such to the app, not
        // as a bare type name: nothing was done, and retrying later is the right move (Retry-After is set).
        String title = m.status() == 503 ? UNAVAILABLE_TITLE : TITLES.getOrDefault(m.type(), m.type().replace('-', ' '));
        if (ctx.failure() instanceof RecordException.AccessDenied denied && denied.decision() != null) {
            // The person's own action refused by a rule (a representative's ended link, a minor's directives...):
            // the rule and the policy's reasons, as the professional API gives them.
            fr.sante.dmp.consent.Decision d = denied.decision();
            io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject()
                    .put("type", Views.PROBLEM_BASE + m.type()).put("title", title).put("status", 403)
                    .put("detail", d.reasonEn()).put("rule", d.ruleId()).put("reasonFr", d.reasonFr())
                    .put("reasonEn", d.reasonEn()).put("requestId", Views.requestId(ctx));
            Views.noStore(ctx.response());
            ctx.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json").end(body.encode());
            return;
        }
        Views.problem(ctx, m.status(), m.type(), title, m.field(), detail(ctx.failure(), m),
                ctx.failure() instanceof RecordException.Conflict c ? c.detailFr() : null);
    }

    private static final java.util.Map<String, String> TITLES = java.util.Map.of(
            "invalid", "A field of the request is invalid",
            "not-found", "Not found",
            "access-denied", "Access denied",
            "conflict", "The request conflicts with the record's state",
            "too-large", "The request body is too large",
            "unsupported-content-type", "The request body's content type is not accepted",
            "internal", "Internal error");

    /**
     * What was wrong with this request: the domain error's own words for a client's mistake (they name the field and
     * the rule, written by us, never a stored value); nothing of ours for a 5xx (the request id is the link to the log).
     * Not found and denied keep one generic text: another patient's object answers exactly like an unknown one.
     */
    private static String detail(Throwable failure, Mapping m) {
        if ((failure instanceof RecordException.Invalid || failure instanceof RecordException.Conflict
                || failure instanceof InvalidIdentifierException) && failure.getMessage() != null) {
            return failure.getMessage();
        }
        return switch (m.type()) {
            case "not-found" -> "no such resource";
            case "access-denied" -> "this action is not allowed";
            case "too-large" -> "the request body exceeds the limit";
            case "unsupported-content-type" -> "send application/json in UTF-8";
            case "invalid" -> "the request cannot be understood";
            case "unavailable" -> "nothing was changed; retry in a few minutes";
            default -> "quote the request id to support";
        };
    }

    static final String UNAVAILABLE_TITLE = "Service temporarily unavailable: nothing was changed, retry in a few minutes";

    /** Forged, missing or stale CSRF token: nothing was done. */
    public void csrf(RoutingContext ctx) {
        LOG.info("CSRF token refused on {} {}", ctx.request().method(), ctx.request().path());
        errorPage(ctx, 403, "error.csrf.title", "error.csrf.text");
    }

    private static void logIfOurs(RoutingContext ctx, Mapping m) {
        if (m.status() == 503) {
            ctx.response().putHeader("Retry-After", "5");
            LOG.warn("unavailable on {} {}: {}", ctx.request().method(), ctx.request().path(),
                    ctx.failure() == null ? "" : ctx.failure().getClass().getSimpleName());
            return;
        }
        if (m.status() >= 500) {
            String incident = Views.requestId(ctx);
            ctx.response().putHeader("X-Incident-Id", incident);
            LOG.error("incident {} on {} {}", incident, ctx.request().method(), ctx.request().path(), ctx.failure());
        }
    }
}
