package fr.sante.dmp.pwa.web;

import fr.sante.dmp.pwa.security.Csrf;
import fr.sante.dmp.pwa.session.PatientSession;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders precompiled jte templates (CPU only, fine on the event loop) and writes pages, htmx fragments, redirects and
 * problem documents with the right caching headers. Every HTML answer here may carry personal data, so none is stored
 * by any cache; routes answering both a page and a fragment vary on {@code HX-Request}.
 */
public final class PageRenderer {

    public static final String LANG_COOKIE = "lang";
    private final TemplateEngine engine;
    private final Map<String, Messages> messages;
    private final String assetBase;
    private final boolean secureCookies;
    private final long idleSeconds;

    public PageRenderer(Map<String, Messages> messages, String assetBase, boolean secureCookies) {
        this(messages, assetBase, secureCookies, java.time.Duration.ofMinutes(15));
    }

    /** @param idle the session's idle timeout, which signed-in pages announce before it logs the patient out */
    public PageRenderer(Map<String, Messages> messages, String assetBase, boolean secureCookies, java.time.Duration idle) {
        this.idleSeconds = idle.toSeconds();
        this.engine = TemplateEngine.createPrecompiled(null, ContentType.Html, PageRenderer.class.getClassLoader(),
                "fr.sante.dmp.pwa.jte");
        this.messages = messages;
        this.assetBase = assetBase;
        this.secureCookies = secureCookies;
    }

    /** French by default; {@code ?lang=en} switches and is remembered in a cookie. */
    public Messages messages(RoutingContext ctx) {
        String lang = ctx.get(LANG_COOKIE);
        if (lang != null) {
            return messages.get(lang);
        }
        String asked = ctx.request().getParam("lang");
        if (asked != null && Messages.LANGUAGES.contains(asked)) {
            ctx.response().addCookie(Cookie.cookie(LANG_COOKIE, asked).setPath("/").setMaxAge(365L * 24 * 3600)
                    .setSecure(secureCookies).setSameSite(CookieSameSite.LAX));
            lang = asked;
        } else {
            Cookie c = ctx.request().getCookie(LANG_COOKIE);
            lang = c != null && Messages.LANGUAGES.contains(c.getValue()) ? c.getValue() : "fr";
        }
        ctx.put(LANG_COOKIE, lang);
        return messages.get(lang);
    }

    public Page page(RoutingContext ctx, String section) {
        PatientSession session = ctx.get(PatientSession.CONTEXT_KEY);
        String csrf = ctx.get(Csrf.CONTEXT_KEY);
        return new Page(messages(ctx), csrf == null ? "" : csrf, session != null && session.kind() == PatientSession.Kind.WEB,
                section, assetBase, ctx.request().path(), idleSeconds,
                session == null ? null : session.actingForName().orElse(null));
    }

    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }

    /** Renders a template whose first parameter is {@code page}, plus named parameters (name, value, ...). */
    public Future<Void> send(RoutingContext ctx, int status, String template, Page page, Object... params) {
        Map<String, Object> map = new HashMap<>();
        map.put("page", page);
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        String html = render(template, map);
        HttpServerResponse r = ctx.response().setStatusCode(status);
        noStore(r);
        r.putHeader("Content-Type", "text/html; charset=utf-8");
        return r.end(html);
    }

    public static void noStore(HttpServerResponse r) {
        r.putHeader("Cache-Control", "no-store");
        r.putHeader("Vary", "HX-Request, Cookie");
    }

    /** Where the composition root puts the client address it resolved (trusted proxies' X-Forwarded-For). */
    public static final String CLIENT_ADDRESS = "dmp.clientAddress";

    /**
     * The client address: as the gateway resolved it ({@link #CLIENT_ADDRESS}: the forwarded address when the TCP
     * peer is a configured trusted proxy), else the TCP peer. A client-supplied X-Forwarded-For is never read here.
     */
    public static String clientAddress(RoutingContext ctx) {
        String resolved = ctx.get(CLIENT_ADDRESS);
        if (resolved != null) {
            return resolved;
        }
        var a = ctx.request().remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }

    public static boolean isHtmx(RoutingContext ctx) {
        return "true".equals(ctx.request().getHeader("HX-Request"));
    }

    /** After a successful POST: 303 for a plain form, {@code HX-Redirect} for htmx (a full navigation). */
    public static Future<Void> redirect(RoutingContext ctx, String location) {
        HttpServerResponse r = ctx.response();
        noStore(r);
        if (isHtmx(ctx)) {
            return r.setStatusCode(200).putHeader("HX-Redirect", location).end();
        }
        return r.setStatusCode(303).putHeader("Location", location).end();
    }

    /**
     * An RFC 9457 problem document of the platform's vocabulary ({@link ProblemType}): {@code type}, {@code title},
     * {@code status}, {@code detail} (what was wrong with this request), {@code field} when one input is at fault,
     * the consent rule and its reasons for a refusal, {@code detailFr}/{@code detailEn} for a conflict, and
     * {@code requestId} (also in {@code X-Request-Id}) to quote to support.
     */
    public static Future<Void> problem(RoutingContext ctx, Problem problem) {
        HttpServerResponse r = ctx.response().setStatusCode(problem.type().status());
        noStore(r);
        problem.retryAfterSeconds().ifPresent(s -> r.putHeader("Retry-After", Long.toString(s)));
        return r.putHeader("Content-Type", "application/problem+json").end(problem.toJson(requestId(ctx)).encode());
    }

    /** A problem of this type whose {@code detail} says what was wrong, naming {@code field} when not null. */
    public static Future<Void> problem(RoutingContext ctx, ProblemType type, String field, String detail) {
        return problem(ctx, field == null ? Problem.of(type, detail) : Problem.field(type, field, detail));
    }

    /** Context key and header of the request id; the gateway's first handler sets both, the same way. */
    public static final String REQUEST_ID = "requestId";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final java.security.SecureRandom IDS = new java.security.SecureRandom();

    /** This request's id: the one the gateway gave it, else a new one (also echoed in {@code X-Request-Id}). */
    public static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID);
        if (id == null) {
            byte[] b = new byte[12];
            IDS.nextBytes(b);
            id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            ctx.put(REQUEST_ID, id);
            if (!ctx.response().headWritten()) {
                ctx.response().putHeader(REQUEST_ID_HEADER, id);
            }
        }
        return id;
    }

    public static Future<Void> json(RoutingContext ctx, int status, Object body) {
        HttpServerResponse r = ctx.response().setStatusCode(status);
        noStore(r);
        String encoded = body instanceof JsonObject j ? j.encode() : io.vertx.core.json.Json.encode(body);
        return r.putHeader("Content-Type", "application/json").end(encoded);
    }
}
