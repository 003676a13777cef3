package fr.sante.dmp.pwa.opposition;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.security.Hmac;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * After the invitation code is checked, a short-lived grant lets the same person confirm the opposition (or withdraw
 * it) without logging in. Only the grant's SHA-256 is a Redis key; it allows nothing else.
 */
public final class OppositionGrants {

    static final Duration TTL = Duration.ofMinutes(20);
    private final RedisAPI redis;
    private final Hmac hmac;

    public OppositionGrants(RedisAPI redis, Hmac hmac) {
        this.redis = redis;
        this.hmac = hmac;
    }

    public Future<String> create(Ins ins) {
        String token = hmac.randomToken(24);
        return redis.set(List.of(key(token), ins.value(), "PX", Long.toString(TTL.toMillis()))).map(ok -> token);
    }

    public Future<Optional<Ins>> find(String token) {
        if (token == null || token.length() < 20 || token.length() > 64) {
            return Future.succeededFuture(Optional.empty());
        }
        return redis.get(key(token)).map(r -> r == null ? Optional.empty() : Optional.of(Ins.parse(r.toString())));
    }

    private static String key(String token) {
        return "pwa:grant:" + Hmac.sha256(token);
    }
}
