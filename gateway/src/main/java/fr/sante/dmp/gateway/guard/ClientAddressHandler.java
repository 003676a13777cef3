package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.pwa.web.PageRenderer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Resolves the client address once per request for the per-address limits: the TCP peer, unless that peer is one of
 * the configured trusted proxies ({@code DMP_TRUSTED_PROXIES}), in which case X-Forwarded-For is walked from the
 * right (the entry our proxy appended) past further trusted proxies to the first address none of them vouches for.
 * Without configured proxies the header is ignored: anyone can write it.
 */
public final class ClientAddressHandler implements Handler<RoutingContext> {
    private final Set<String> trusted;

    public ClientAddressHandler(List<String> trustedProxies) {
        this.trusted = Set.copyOf(trustedProxies);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (trusted.isEmpty()) {
            // The TCP peer is the address, and PageRenderer.clientAddress reads it itself when nothing is set here: resolving
            // it for every request (health probes, API calls that never ask) was 5 % of the liveness probe's time.
            rc.next();
            return;
        }
        var peer = rc.request().remoteAddress();
        String address = peer == null ? "unknown" : peer.hostAddress();
        if (trusted.contains(address)) {
            address = forwarded(rc.request().headers().getAll("X-Forwarded-For"), address);
        }
        rc.put(PageRenderer.CLIENT_ADDRESS, address);
        rc.next();
    }

    String forwarded(List<String> headers, String peer) {
        String client = peer;
        for (int h = headers.size() - 1; h >= 0; h--) {
            String[] hops = headers.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (hop.isEmpty() || hop.length() > 64) {
                    return client;
                }
                client = hop;
                if (!trusted.contains(hop)) {
                    return client;
                }
            }
        }
        return client;
    }
}
