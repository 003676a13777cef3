package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.TlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.Set;

/**
 * The HTTP server's transport: plain HTTP (behind a TLS-terminating proxy), or TLS served here with the configured PEM
 * certificate and key, TLS 1.2 and 1.3 only, AEAD suites with forward secrecy. With client authorities configured the
 * server asks for a client certificate and refuses one they did not sign; the professional API then refuses a
 * connection without one ({@link ApiTransport}) while the patient space, on the same listener, needs none.
 */
public final class HttpTransport {
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private HttpTransport() {
    }

    public static HttpServerOptions serverOptions(GatewayConfig config) {
        // The patient space's forms carry fields up to its limit (the directives' 10,000 characters).
        HttpServerOptions options = new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort())
                .setMaxFormAttributeSize(fr.sante.dmp.pwa.PatientSpace.MAX_FORM_FIELD_BYTES);
        if (config.tls().isEmpty()) {
            return options;
        }
        TlsConfig tls = config.tls().get();
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tls.certificate().toString()).setKeyPath(tls.key().toString()))
                .setEnabledSecureTransportProtocols(PROTOCOLS);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        tls.clientCa().ifPresent(ca -> options
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                .setClientAuth(ClientAuth.REQUEST));
        return options;
    }
}
