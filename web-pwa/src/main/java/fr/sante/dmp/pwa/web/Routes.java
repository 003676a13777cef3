package fr.sante.dmp.pwa.web;

import fr.sante.dmp.pwa.security.Csrf;
import fr.sante.dmp.store.RecordException;
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
    private final BodyHandler body;
    private final SessionAuth sessions;
    private final Csrf csrf;
    private final Failures failures;

    public Routes(Router router, long bodyLimit, SessionAuth sessions, Csrf csrf, Failures failures) {
        this.router = router;
        this.body = BodyHandler.create(false).setBodyLimit(bodyLimit);
        this.sessions = sessions;
        this.csrf = csrf;
        this.failures = failures;
    }

    /** A page open to anyone (home, login, opposition). */
    public void open(HttpMethod method, String path, Action action) {
        chain(method, path).handler(run(action)).failureHandler(failures::page);
    }

    /** A page of the signed-in patient. */
    public void signedIn(HttpMethod method, String path, Action action) {
        chain(method, path).handler(sessions::requireCookie).handler(run(action)).failureHandler(failures::page);
    }

    /** A patient API call: JSON in and out, no cookie, no CSRF (a bearer token is not sent by the browser on its own). */
    public void api(HttpMethod method, String path, boolean bearer, Action action) {
        Route r = router.route(method, Paths.API + path);
        if (method != HttpMethod.GET) {
            r.handler(body);
        }
        if (bearer) {
            r.handler(sessions::requireBearer);
        }
        r.handler(runApi(action)).failureHandler(failures::api);
    }

    /**
     * An API action reads its JSON body synchronously before any I/O: a field of the wrong JSON type (an object where
     * a boolean is expected...) makes Vert.x's typed getters throw ClassCastException there. That is the client's
     * mistake, a 400, not a 500 (found by schemathesis on /alerts and /emergency-access).
     */
    private static Handler<RoutingContext> runApi(Action action) {
        return ctx -> {
            try {
                action.handle(ctx).onFailure(ctx::fail);
            } catch (ClassCastException e) {
                ctx.fail(new RecordException.Invalid("body", "a field has the wrong JSON type"));
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        };
    }

    private Route chain(HttpMethod method, String path) {
        Route r = router.route(method, path);
        if (method != HttpMethod.GET) {
            r.handler(body);
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
