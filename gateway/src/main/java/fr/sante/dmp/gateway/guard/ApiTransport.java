package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.gateway.problem.Problem;
import fr.sante.dmp.gateway.problem.ProblemException;
import fr.sante.dmp.gateway.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * First handler of the professional API (after the patient space had its turn): the headers every answer carries
 * (HSTS, a CSP that allows nothing and no framing, no caching of what may be health data, no sniffing), and, when
 * client certificates are configured, the refusal of a connection without one (the TLS layer already refused any
 * certificate our authorities did not sign).
 */
public final class ApiTransport implements Handler<RoutingContext> {
    public static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    public static final String HSTS = "max-age=63072000; includeSubDomains";

    private final boolean clientCertificateRequired;

    public ApiTransport(boolean clientCertificateRequired) {
        this.clientCertificateRequired = clientCertificateRequired;
    }

    @Override
    public void handle(RoutingContext rc) {
        MultiMap h = rc.response().headers();
        // Ignored by browsers over plain HTTP (RFC 6797 §8.1), in force once served over TLS, directly or by a proxy.
        h.set("Strict-Transport-Security", HSTS);
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        if (clientCertificateRequired && !hasClientCertificate(rc)) {
            rc.fail(new ProblemException(Problem.of(ProblemType.CLIENT_CERTIFICATE_REQUIRED,
                    "the professional API requires a client certificate issued by a configured authority")));
            return;
        }
        rc.next();
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
