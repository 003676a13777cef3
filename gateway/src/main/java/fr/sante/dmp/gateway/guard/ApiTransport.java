package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Handler;
import fr.sante.dmp.pwa.security.SecurityHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * First handler of the professional API (after the patient space had its turn): the headers every answer carries
 * (HSTS, a CSP that allows nothing and no framing, no caching of what may be health data, no sniffing, no powerful
 * browser features, same-origin opener and resource policies), and, when
 * client certificates are configured, the refusal of a connection without one (the TLS layer already refused any
 * certificate our authorities did not sign).
 */
public final class ApiTransport implements Handler<RoutingContext> {
    public static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    public static final String HSTS = "max-age=63072000; includeSubDomains";

    /**
     * Built once with pre-encoded names and values (set on every API answer). Besides the API's own, the three that
     * the patient space's router also sets on everything passing through it, so the API keeps them whichever way its
     * requests are routed.
     */
    private static final CharSequence[] NAMES = {
        optimized("Strict-Transport-Security"), optimized("Content-Security-Policy"),
        optimized("X-Content-Type-Options"), optimized("X-Frame-Options"), optimized("Referrer-Policy"),
        optimized("Cache-Control"), optimized("Permissions-Policy"), optimized("Cross-Origin-Opener-Policy"),
        optimized("Cross-Origin-Resource-Policy")};
    // HSTS is ignored by browsers over plain HTTP (RFC 6797 §8.1), in force once served over TLS.
    private static final CharSequence[] VALUES = {
        optimized(HSTS), optimized(CSP), optimized("nosniff"), optimized("DENY"), optimized("no-referrer"),
        optimized("no-store"), optimized(SecurityHeaders.PERMISSIONS_POLICY), optimized("same-origin"),
        optimized("same-origin")};

    private final boolean clientCertificateRequired;

    public ApiTransport(boolean clientCertificateRequired) {
        this.clientCertificateRequired = clientCertificateRequired;
    }

    @Override
    public void handle(RoutingContext rc) {
        MultiMap h = rc.response().headers();
        for (int i = 0; i < NAMES.length; i++) {
            h.set(NAMES[i], VALUES[i]);
        }
        if (clientCertificateRequired && !hasClientCertificate(rc)) {
            rc.fail(new ProblemException(Problem.of(ProblemType.CLIENT_CERTIFICATE_REQUIRED,
                    "the professional API requires a client certificate issued by a configured authority")));
            return;
        }
        rc.next();
    }

    private static CharSequence optimized(String value) {
        return HttpHeaders.createOptimized(value);
    }

    private static boolean hasClientCertificate(RoutingContext rc) {
        if (!rc.request().isSSL()) {
            return false;
        }
        try {
            var certs = rc.request().connection().peerCertificates();
            return certs != null && !certs.isEmpty();
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
