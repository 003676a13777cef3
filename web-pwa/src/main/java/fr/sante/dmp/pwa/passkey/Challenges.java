package fr.sante.dmp.pwa.passkey;

import fr.sante.dmp.pwa.security.Hmac;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * WebAuthn challenges in Redis, single use: stored under {@code pwa:wa:<sha256(challenge)>} with what the ceremony is
 * for (registration by a given session, or login) and an expiry; taken (read and deleted atomically) when the answer
 * comes back, so a replayed answer finds nothing.
 */
final class Challenges {

    // GET then DEL in one step (a Lua script: no GETDEL before Redis 6.2, and atomic in cluster mode, one key).
    private static final String TAKE = "local v = redis.call('GET', KEYS[1]) "
            + "if v then redis.call('DEL', KEYS[1]) end return v";

    private final RedisAPI redis;
    private final Duration ttl;

    Challenges(RedisAPI redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    Future<Void> remember(String challenge, JsonObject ceremony) {
        return redis.set(List.of(key(challenge), ceremony.encode(), "PX", Long.toString(ttl.toMillis()), "NX"))
                .mapEmpty();
    }

    /** The ceremony the challenge was issued for, once; empty if unknown, expired or already used. */
    Future<Optional<JsonObject>> take(String challenge) {
        if (challenge == null || challenge.isEmpty() || challenge.length() > 200) {
            return Future.succeededFuture(Optional.empty());
        }
        return redis.eval(List.of(TAKE, "1", key(challenge)))
                .map(r -> r == null ? Optional.<JsonObject>empty() : Optional.of(new JsonObject(r.toString())));
    }

    private static String key(String challenge) {
        return "pwa:wa:" + Hmac.sha256(challenge);
    }
}
