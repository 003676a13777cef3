package fr.sante.dmp.gateway;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the gateway connects to Redis, for the platform's client and for production mode's probe alike: a
 * {@code rediss://} URL (DMP_REDIS_URL) means TLS from the first byte, the server's certificate checked against the
 * authorities of DMP_REDIS_CA (else the JVM's trust store) and its name against the URL's host. A probe that
 * connected otherwise than the platform would judge another connection than the one the platform uses.
 */
public final class RedisConnections {
    private RedisConnections() {
    }

    /** The options for this URL (credentials included); {@code ca}: PEM authorities trusted for TLS. */
    public static RedisOptions options(String uri, Optional<Path> ca) {
        RedisOptions options = new RedisOptions().setConnectionString(uri);
        if (uri.startsWith("rediss://")) {
            options.getNetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            ca.ifPresent(file -> options.getNetClientOptions()
                    .setTrustOptions(new PemTrustOptions().addCertPath(file.toString())));
        }
        return options;
    }
}
