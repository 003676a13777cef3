package fr.sante.dmp.pwa.web;

import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.pwa.security.Csrf;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionAuth;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Registers routes with their chain, so each route carries exactly the handlers it needs and the router can be
 * mounted beside the gateway's own routes without touching them: body (bounded), session, CSRF, login check,
 * then the handler; failures go to the page or problem mapping.
 */
public final class Routes {

    /** A handler that completes a future when it has answered (or fails it). */
    @FunctionalInterface
    public interface Action {
        Future<?> handle(RoutingContext ctx);
    }

    private final Router router;
    private final Router api;
    private final PatientApiContract contract;
    private final BodyHandler body;
    private final SessionAuth sessions;
    private final Csrf csrf;
    private final Handler<RoutingContext> throttle;
    private final long lockSeconds;
    private final RetryAfterOn429 retryAfter = new RetryAfterOn429();

    /**
     * @param router      the pages' router: their failures become error pages
     * @param api         the patient API's own router, mounted at {@value Paths#API}: its paths are relative to it,
     *                    its failures are problem documents, and what it does not match is its own 404 or 405
     * @param contract    the patient API's contract, which validates each API request before its handler
     * @param throttle    the per-session throttle of the signed-in API, after the bearer check
     * @param longestLock the longest window of the login limits: the {@code Retry-After} of a 429 that did not set a
     *                    more precise one (every 429 carries one)
     */
    public Routes(Router router, Router api, PatientApiContract contract, long bodyLimit, SessionAuth sessions,
                  Csrf csrf, Failures failures, Handler<RoutingContext> throttle, java.time.Duration longestLock) {
        this.router = router;
        this.api = api;
        this.contract = contract;
        this.body = BodyHandler.create(false).setBodyLimit(bodyLimit);
        this.sessions = sessions;
        this.csrf = csrf;
        this.throttle = throttle;
        this.lockSeconds = fr.sante.dmp.pwa.session.SessionThrottle.seconds(longestLock);
        // One failure handler per router: pages answer an error page, the API a problem document.
        router.route().failureHandler(failures::page);
        api.route().failureHandler(failures::api);
    }

    /**
     * Ends the patient API's router: a path of its contract with another method is a 405 naming the allowed ones, any
     * other path a 404 (nothing under {@value Paths#API} falls through to the pages or the professional API).
     */
    public void endApi() {
        api.route().handler(ctx -> {
            String allow = contract.allowed().allow(ctx.request().path());
            if (!allow.isEmpty()) {
                ctx.response().putHeader("Allow", allow);
            }
            ctx.fail(allow.isEmpty() ? 404 : 405);
        });
    }

    /** A page open to anyone (home, login, opposition). */
    public void open(HttpMethod method, String path, Action action) {
        chain(method, path, body).handler(run(action));
    }

    /** A page of the signed-in patient. */
    public void signedIn(HttpMethod method, String path, Action action) {
        chain(method, path, body).handler(sessions::requireCookie).handler(run(action));
    }

    /**
     * A form of the signed-in patient whose fields hold more than the default body limit: its fields' own limits
     * (checked by the handler, before any crypto or SQL) are what bounds it, {@code bodyLimit} only caps the worst
     * encoding of them (a character of three UTF-8 bytes is nine bytes once percent-encoded).
     */
    public void signedIn(HttpMethod method, String path, long bodyLimit, Action action) {
        chain(method, path, BodyHandler.create(false).setBodyLimit(bodyLimit)).handler(sessions::requireCookie)
                .handler(run(action));
    }

    /**
     * A form of the signed-in patient that sends a file ({@code multipart/form-data}, {@link UploadBody}: in memory,
     * bounded, nothing on disk); the CSRF token is read from the form once the body is in, or from the header.
     */
    public void upload(String path, long maxFileBytes, Action action) {
        // Paused until the session is checked: nobody signed out makes the server read 20 MiB.
        router.route(HttpMethod.POST, path).handler(retryAfter).handler(PAUSE).handler(sessions::loadCookie)
                .handler(sessions::requireCookie).handler(UploadBody.form(maxFileBytes)).handler(csrf)
                .handler(run(action));
    }

    /**
     * A patient API call whose body is a file's bytes as they are ({@link UploadBody#raw}), with a bearer token; the
     * contract checks its parameters before the body is read.
     */
    public void apiUpload(String path, long maxFileBytes, Action action) {
        api.route(HttpMethod.POST, path).handler(retryAfter).handler(PAUSE)
                .handler(sessions::requireBearer).handler(throttle)
                .handler(contract.validation(HttpMethod.POST, Paths.API + path))
                .handler(UploadBody.raw(maxFileBytes))
                .handler(run(action));
    }

    /**
     * Holds the body back (UploadBody resumes it) while the asynchronous checks before it run. Answered before the
     * body was read (no session, a 413), an HTTP/1.x connection is closed after the answer: left paused, it would sit
     * with up to 20 MiB unread until its idle timeout.
     */
    private static final Handler<RoutingContext> PAUSE = ctx -> {
        ctx.request().pause();
        ctx.addEndHandler(v -> {
            if (!ctx.request().isEnded() && ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                ctx.request().connection().close();
            }
        });
        ctx.next();
    };

    /**
     * A patient API call: JSON in and out, no cookie, no CSRF (a bearer token is not sent by the browser on its own).
     * {@code path} is relative to {@value Paths#API} ({@code ""} for the overview). The contract validates the request
     * once the session is known (a stranger learns nothing from a 400), before the action runs.
     */
    public void api(HttpMethod method, String path, boolean bearer, Action action) {
        // The mount point itself (GET /api/v1/me) reaches the sub-router as an empty path, which no path route matches.
        Route r = (path.isEmpty() ? api.routeWithRegex(method, "^/?$").setName(Paths.API) : api.route(method, path))
                .handler(retryAfter);
        if (method != HttpMethod.GET) {
            r.handler(JSON_ONLY).handler(body);
        }
        if (bearer) {
            r.handler(sessions::requireBearer).handler(throttle);
        }
        r.handler(contract.validation(method, Paths.API + path)).handler(run(action));
    }

    /**
     * The patient API reads JSON in UTF-8 only: another content type (text/plain, a form: what a cross-site "simple"
     * request can send without a preflight), another charset, or a body without a content type is a 415 before the
     * body is read. A request without a body needs no content type, and any it names is ignored (PUT .../mask); one
     * whose action needs a body fails there.
     */
    static void jsonOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        boolean hasBody = ctx.request().getHeader("Transfer-Encoding") != null
                || !"0".equals(ctx.request().getHeader("Content-Length"))
                && ctx.request().getHeader("Content-Length") != null;
        // An empty body carries nothing to refuse, whatever the client labelled it (aiohttp labels it
        // application/octet-stream); a body must be JSON in UTF-8.
        if (!hasBody || type != null && isJsonUtf8(type)) {
            ctx.next();
            return;
        }
        PageRenderer.problem(ctx, ProblemType.UNSUPPORTED_MEDIA_TYPE, null, "send application/json in UTF-8");
    }

    public static boolean isJsonUtf8(String contentType) {
        String[] parts = contentType.split(";");
        if (!"application/json".equalsIgnoreCase(parts[0].strip())) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if ("charset".equalsIgnoreCase(kv[0].strip())
                    && (kv.length < 2 || !"utf-8".equalsIgnoreCase(kv[1].strip().replace("\"", "")))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every 429 carries Retry-After; where the limit did not say when, the longest login window (an upper bound). A
     * platform handler: Vert.x runs those before the body handler.
     */
    private final class RetryAfterOn429 implements io.vertx.ext.web.handler.PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 429 && ctx.response().headers().get("Retry-After") == null) {
                    ctx.response().putHeader("Retry-After", Long.toString(lockSeconds));
                }
            });
            ctx.next();
        }
    }

    /** {@link #jsonOnly} as a security policy handler, so that it runs before the body is read. */
    private static final io.vertx.ext.web.handler.SecurityPolicyHandler JSON_ONLY = Routes::jsonOnly;


    private Route chain(HttpMethod method, String path, BodyHandler bodyHandler) {
        Route r = router.route(method, path).handler(retryAfter);
        if (method != HttpMethod.GET) {
            r.handler(bodyHandler);
        }
        return r.handler(sessions::loadCookie).handler(csrf);
    }

    private static Handler<RoutingContext> run(Action action) {
        return ctx -> {
            try {
                action.handle(ctx).onFailure(ctx::fail);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        };
    }

    public static PatientSession session(RoutingContext ctx) {
        return ctx.get(PatientSession.CONTEXT_KEY);
    }
}
