package fr.sante.dmp.pwa.security;

import fr.sante.dmp.pwa.session.PatientSession;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Signed double-submit CSRF tokens (OWASP): the token is {@code nonce.HMAC(nonce, binding)} where the binding is the
 * session (or {@code anon} before login), sent in an HttpOnly cookie and repeated by the page in a form field or, for
 * htmx, in the {@code X-CSRF-Token} header (copied from the page's meta tag by app.js). A state-changing request whose
 * submitted token differs from the cookie, or is not signed for the current session, is refused with 403. Stateless:
 * the opposition page serves deadline-day crowds without touching Redis before they submit.
 */
public final class Csrf implements Handler<RoutingContext> {

    public static final String HEADER = "X-CSRF-Token";
    public static final String FIELD = "_csrf";
    public static final String CONTEXT_KEY = "csrf";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Hmac hmac;
    private final String cookieName;
    private final boolean secure;
    private final Consumer<RoutingContext> onForgery;

    public Csrf(Hmac hmac, boolean secure, Consumer<RoutingContext> onForgery) {
        this.hmac = hmac;
        this.secure = secure;
        this.cookieName = secure ? "__Host-dmp-csrf" : "dmp-csrf";
        this.onForgery = onForgery;
    }

    public String cookieName() {
        return cookieName;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String binding = binding(ctx);
        Cookie cookie = ctx.request().getCookie(cookieName);
        String current = cookie == null ? null : cookie.getValue();
        boolean valid = current != null && signedFor(current, binding);
        if (!SAFE.contains(ctx.request().method())) {
            String submitted = ctx.request().getHeader(HEADER);
            if (submitted == null) {
                submitted = ctx.request().getFormAttribute(FIELD);
            }
            if (!valid || !Hmac.same(current, submitted)) {
                onForgery.accept(ctx);
                return;
            }
        }
        if (!valid) {
            current = issue(ctx, binding);
        }
        ctx.put(CONTEXT_KEY, current);
        ctx.next();
    }

    /** A new token for the session (after login the binding changes: the next page gets a fresh token). */
    public String issue(RoutingContext ctx, String binding) {
        String nonce = hmac.randomToken(18);
        String token = nonce + "." + hmac.sign("csrf", binding, nonce);
        ctx.response().addCookie(Cookie.cookie(cookieName, token).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT));
        ctx.put(CONTEXT_KEY, token);
        return token;
    }

    public static String binding(RoutingContext ctx) {
        PatientSession session = ctx.get(PatientSession.CONTEXT_KEY);
        return session == null ? "anon" : Hmac.sha256(session.id());
    }

    private boolean signedFor(String token, String binding) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        return Hmac.same(token.substring(dot + 1), hmac.sign("csrf", binding, token.substring(0, dot)));
    }
}
