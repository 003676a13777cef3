package fr.sante.dmp.gateway;

import fr.sante.dmp.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Production mode's start-up probes of the services themselves, which the configuration cannot show: a PostgreSQL that
 * lets a wrong password in (a {@code trust} rule for our user and address), a Redis that answers without a password.
 * A service that cannot be reached is not judged here: the start-up fails on it right after, with its own error.
 */
final class ServiceProbes {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServiceProbes() {
    }

    /** The problems found, each naming the variable to fix; empty when both services ask for their secret. */
    static Future<List<String>> probe(Vertx vertx, String pgUri, String redisUri, Optional<Path> redisCa) {
        return trustedDatabase(vertx, pgUri).compose(pgTrusts -> openRedis(vertx, redisUri, redisCa).map(redisOpen -> {
            List<String> problems = new ArrayList<>();
            if (pgTrusts) {
                problems.add(GatewayConfig.PG_URL + ": the database let us in with a wrong password (a trust rule in"
                        + " pg_hba.conf); require scram-sha-256 for this user and address");
            }
            if (redisOpen) {
                problems.add(GatewayConfig.REDIS_URL + ": Redis answers without a password; set requirepass (or an"
                        + " ACL user) and give it in the URL");
            }
            return problems;
        }));
    }

    /** Whether the database accepts our user with a random wrong password. */
    static Future<Boolean> trustedDatabase(Vertx vertx, String pgUri) {
        PgConnectOptions options = PgConnectOptions.fromUri(pgUri)
                .setPassword("dmp-trust-probe-" + HexFormat.of().formatHex(randomBytes()));
        var pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
        return pool.getConnection()
                .map(connection -> {
                    connection.close();
                    return true;
                })
                .recover(e -> Future.succeededFuture(false)) // refused (28P01, 28000) or unreachable: not trust
                .eventually(pool::close);
    }

    /**
     * Whether Redis answers PING on a connection that sent no password, made as the platform makes its own (TLS with
     * the same trusted authorities for {@code rediss://}): a probe that could not even shake hands would judge
     * nothing, and let a Redis without password pass.
     */
    static Future<Boolean> openRedis(Vertx vertx, String redisUri, Optional<Path> redisCa) {
        URI uri = URI.create(redisUri);
        String anonymous = uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
        Redis client = Redis.createClient(vertx, RedisConnections.options(anonymous, redisCa));
        return client.send(Request.cmd(Command.PING))
                .map(reply -> true)
                .recover(e -> Future.succeededFuture(false)) // NOAUTH, or unreachable: judged elsewhere
                .eventually(() -> {
                    client.close();
                    return Future.succeededFuture();
                });
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}
