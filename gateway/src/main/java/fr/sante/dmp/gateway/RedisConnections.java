package fr.sante.dmp.gateway;

import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.RedisMode;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the gateway connects to Redis, for the platform's client and for production mode's probe alike: a
 * {@code rediss://} URL (DMP_REDIS_URL) means TLS from the first byte, the server's certificate checked against the
 * authorities of DMP_REDIS_CA (else the JVM's trust store) and its name against the URL's host. A probe that
 * connected otherwise than the platform would judge another connection than the one the platform uses.
 * DMP_REDIS_URL may name several addresses (comma-separated): the seed nodes of a cluster, or the Sentinels.
 */
public final class RedisConnections {
    private RedisConnections() {
    }

    /** One standalone server at this URL (credentials included); {@code ca}: PEM authorities trusted for TLS. */
    public static RedisOptions options(String uri, Optional<Path> ca) {
        return options(uri, RedisMode.STANDALONE, "mymaster", ca);
    }

    /**
     * The options for these addresses in this mode. In sentinel mode the client asks the Sentinels for the master
     * named {@code master} and sends everything to it (a replica's answers could be stale for a rate limit).
     */
    public static RedisOptions options(String urls, RedisMode mode, String master, Optional<Path> ca) {
        RedisOptions options = new RedisOptions().setType(mode.clientType());
        for (String address : GatewayConfig.redisAddresses(urls)) {
            options.addConnectionString(address);
        }
        if (mode == RedisMode.SENTINEL) {
            options.setMasterName(master).setRole(RedisRole.MASTER);
        }
        if (urls.startsWith("rediss://")) {
            options.getNetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            ca.ifPresent(file -> options.getNetClientOptions()
                    .setTrustOptions(new PemTrustOptions().addCertPath(file.toString())));
        }
        return options;
    }
}
