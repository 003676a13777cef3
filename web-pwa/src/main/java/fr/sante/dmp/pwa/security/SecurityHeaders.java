package fr.sante.dmp.pwa.security;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response of the patient space. The CSP allows nothing inline and no eval: htmx is configured with
 * {@code allowEval=false} and no indicator styles, so it runs under it unchanged.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

    public static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'");

    public static final String PERMISSIONS_POLICY =
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), bluetooth=(), serial=(), "
                    + "accelerometer=(), gyroscope=(), magnetometer=(), display-capture=()";

    @Override
    public void handle(RoutingContext ctx) {
        apply(ctx.response());
        ctx.next();
    }

    /** The same headers on a response the patient space writes outside its router (the gateway's 404 page). */
    public static void apply(io.vertx.core.http.HttpServerResponse response) {
        MultiMap h = response.headers();
        h.set("Content-Security-Policy", CSP);
        // Ignored by browsers over plain HTTP, in force as soon as the site is served over TLS.
        h.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Permissions-Policy", PERMISSIONS_POLICY);
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }
}
