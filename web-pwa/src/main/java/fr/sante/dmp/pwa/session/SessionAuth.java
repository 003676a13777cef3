package fr.sante.dmp.pwa.session;

import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.PageRenderer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Finds the session of a request: the {@code __Host-} cookie for pages, the bearer token for the patient API. A Redis
 * failure fails the request (503): nobody is treated as signed in when it cannot be checked.
 */
public final class SessionAuth {

    private final SessionStore store;
    private final boolean secure;
    private final String cookieName;

    private final java.util.Optional<fr.sante.dmp.store.representation.Representations> representations;

    public SessionAuth(SessionStore store, boolean secure) {
        this(store, secure, java.util.Optional.empty());
    }

    /** With representatives: a session acting for someone re-reads its link in force on every request. */
    public SessionAuth(SessionStore store, boolean secure,
                       java.util.Optional<fr.sante.dmp.store.representation.Representations> representations) {
        this.representations = representations;
        this.store = store;
        this.secure = secure;
        // Browsers accept a __Host- cookie only with Secure, Path=/ and no Domain.
        this.cookieName = secure ? "__Host-dmp-session" : "dmp-session";
    }

    public String cookieName() {
        return cookieName;
    }

    /** Loads the cookie session, if any, into the context; an unknown or expired one is erased from the browser. */
    public void loadCookie(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(cookieName);
        if (c == null) {
            ctx.next();
            return;
        }
        store.find(c.getValue()).onSuccess(found -> {
            Optional<PatientSession> web = found.filter(s -> s.kind() == PatientSession.Kind.WEB);
            if (web.isPresent()) {
                ctx.put(PatientSession.CONTEXT_KEY, web.get());
                actingFor(ctx, web.get());
                return;
            }
            ctx.response().addCookie(expired());
            ctx.put(EXPIRED_KEY, Boolean.TRUE);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    /** Set when the request carried a session cookie that no longer opens a session (idle or past its lifetime). */
    static final String EXPIRED_KEY = "dmp.sessionExpired";

    /**
     * Pages behind login: without a session, to the login page (a full navigation for htmx too), which says "vous
     * êtes déconnecté" when the browser still held a session that ended.
     */
    public void requireCookie(RoutingContext ctx) {
        if (ctx.get(PatientSession.CONTEXT_KEY) == null) {
            PageRenderer.redirect(ctx, Boolean.TRUE.equals(ctx.get(EXPIRED_KEY))
                    ? Paths.LOGIN + "?" + Paths.EXPIRED + "=1" : Paths.LOGIN);
            return;
        }
        ctx.next();
    }

    /** Patient API: {@code Authorization: Bearer <token>} or 401. */
    public void requireBearer(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthorized(ctx);
            return;
        }
        store.find(auth.substring(7).trim()).onSuccess(found -> {
            Optional<PatientSession> api = found.filter(s -> s.kind() == PatientSession.Kind.API);
            if (api.isEmpty()) {
                unauthorized(ctx);
                return;
            }
            ctx.put(PatientSession.CONTEXT_KEY, api.get());
            actingFor(ctx, api.get());
        }).onFailure(ctx::fail);
    }

    /**
     * A representative's session: the link in force is read on this very request (an ended link refuses it, 403 with
     * its rule, audited); without the representation service, fail closed (503).
     */
    private void actingFor(RoutingContext ctx, PatientSession session) {
        if (session.actingFor().isEmpty()) {
            ctx.next();
            return;
        }
        if (representations.isEmpty()) {
            ctx.fail(new fr.sante.dmp.store.RecordException.Unavailable("representations not configured", null));
            return;
        }
        if (ownSpaceOnly(ctx.normalizedPath())) {
            ctx.fail(new io.vertx.ext.web.handler.HttpException(403,
                    "passkeys are one's own: go back to one's own space to manage them"));
            return;
        }
        representations.get().authorise(session.ins(), session.actingFor().get(), false).onSuccess(by -> {
            ctx.put(PatientSession.REPRESENTATION_KEY, by);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    /**
     * What a representative never does in the person's space: the passkeys, which are always one's own (a passkey
     * registered there would let the representative in as the person). Back in their own space, they are theirs.
     */
    private static final java.util.List<String> OWN_SPACE_ONLY = java.util.List.of(Paths.PASSKEYS);

    static boolean ownSpaceOnly(String path) {
        for (String prefix : OWN_SPACE_ONLY) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The representation this request acts under, if the session acts for someone (checked by {@link #actingFor}). */
    public static java.util.Optional<fr.sante.dmp.consent.Representation> representation(RoutingContext ctx) {
        return java.util.Optional.ofNullable(ctx.get(PatientSession.REPRESENTATION_KEY));
    }

    public java.util.Optional<fr.sante.dmp.store.representation.Representations> representations() {
        return representations;
    }

    public Cookie cookie(PatientSession session) {
        return Cookie.cookie(cookieName, session.id()).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT);
    }

    public Cookie expired() {
        return cookie(new PatientSession("", null, null, PatientSession.Kind.WEB, null, null)).setValue("")
                .setMaxAge(0);
    }

    public SessionStore store() {
        return store;
    }

    private static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        // The professional API's type and title for the same case: one vocabulary for both APIs.
        PageRenderer.problem(ctx, ProblemType.UNAUTHENTICATED, null,
                "sign in again: the token is missing, unknown or expired");
    }
}
