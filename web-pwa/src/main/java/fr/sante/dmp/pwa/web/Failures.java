package fr.sante.dmp.pwa.web;

import fr.sante.dmp.problem.FieldNames;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemMapper;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures as the person or the app reads them: the platform's one mapping ({@link ProblemMapper}, shared with the
 * professional API) decides the problem, and this class only says it, as a problem document for the API or as an
 * error page whose French or English text is chosen by the problem's type. A client's mistake is a 4xx naming the
 * field; ours is a 500 whose {@code requestId} (body and {@code X-Request-Id}) is the link to the log, which has the
 * cause and never personal data.
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    /** The page's title and text message keys for a problem. */
    public record PageWords(String titleKey, String textKey) {
    }

    private final PageRenderer views;

    public Failures(PageRenderer views) {
        this.views = views;
    }

    /**
     * The problem for a failure of the patient space: the platform's mapping, with the patient API's names for body
     * fields (dotted paths, as the store names them).
     */
    public static Problem problem(Throwable failure, int statusCode) {
        return ProblemMapper.map(failure, statusCode, FieldNames.PATH);
    }

    /** The error page's words for a problem type: the message bundles hold them in French and English. */
    public static PageWords messages(ProblemType type) {
        return switch (type.status()) {
            case 401, 403 -> new PageWords("error.denied.title", "error.denied.text");
            case 404 -> new PageWords("error.notFound.title", "error.notFound.text");
            case 409 -> new PageWords("error.conflict.title", "error.conflict.text");
            case 413 -> new PageWords("error.tooLarge.title", "error.tooLarge.text");
            case 503 -> new PageWords("error.unavailable.title", "error.unavailable.text");
            default -> type.status() >= 500 ? new PageWords("error.internal.title", "error.internal.text")
                    : new PageWords("error.invalid.title", "error.invalid.text");
        };
    }

    public void page(RoutingContext ctx) {
        if (ctx.response().ended()) {
            // Already answered (the form decoder may report the same refusal twice): nothing more to say.
            return;
        }
        Problem p = problem(ctx.failure(), ctx.statusCode());
        logIfOurs(ctx, p);
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        PageWords m = messages(p.type());
        errorPage(ctx, p.type().status(), m.titleKey(), m.textKey());
    }

    /**
     * The error page, or for htmx a fragment aimed at the page's alert region: swapped into the button or row that
     * made the request, a whole page would nest a page in it; not swapped, the person would see nothing happen.
     */
    private void errorPage(RoutingContext ctx, int status, String titleKey, String textKey) {
        if (PageRenderer.isHtmx(ctx)) {
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
        Problem p = problem(ctx.failure(), ctx.statusCode());
        logIfOurs(ctx, p);
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        PageRenderer.problem(ctx, p);
    }

    /** Forged, missing or stale CSRF token: nothing was done. */
    public void csrf(RoutingContext ctx) {
        LOG.info("CSRF token refused on {} {}", ctx.request().method(), ctx.request().path());
        errorPage(ctx, 403, "error.csrf.title", "error.csrf.text");
    }

    private static void logIfOurs(RoutingContext ctx, Problem p) {
        if (p.type().status() == 503) {
            // Nothing was done; the client may retry (pages too).
            ctx.response().putHeader("Retry-After", Long.toString(p.retryAfterSeconds().orElse(5L)));
            LOG.warn("unavailable on {} {} (request {}): {}", ctx.request().method(), ctx.request().path(),
                    PageRenderer.requestId(ctx), ctx.failure() == null ? "" : ctx.failure().getClass().getSimpleName());
            return;
        }
        if (p.type().status() >= 500) {
            LOG.error("incident on {} {} (request {})", ctx.request().method(), ctx.request().path(),
                    PageRenderer.requestId(ctx), ctx.failure());
        }
    }
}
