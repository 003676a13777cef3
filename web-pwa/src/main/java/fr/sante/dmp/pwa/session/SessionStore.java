package fr.sante.dmp.pwa.session;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.security.Hmac;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Server-side sessions in Redis under {@code pwa:s:<sha256(id)>}: the id itself never reaches Redis, so a dump of Redis
 * cannot be replayed. Idle timeout by key expiry, refreshed on each use; a hard lifetime on top.
 */
public final class SessionStore {

    // GET and PEXPIRE in one round trip, atomically: a session used at its last millisecond is not lost in between.
    private static final String TOUCH = "local v = redis.call('GET', KEYS[1]) "
            + "if v then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v";

    private final RedisAPI redis;
    private final PwaConfig config;
    private final Hmac hmac;

    public SessionStore(RedisAPI redis, PwaConfig config, Hmac hmac) {
        this.redis = redis;
        this.config = config;
        this.hmac = hmac;
    }

    public Future<PatientSession> create(Ins ins, LocalDate birthDate, PatientSession.Kind kind) {
        Instant now = config.clock().instant();
        String id = hmac.randomToken(32);
        PatientSession session = new PatientSession(id, ins, birthDate, kind, now,
                now.plus(config.sessionIdleTimeout()));
        JsonObject json = new JsonObject().put("ins", ins.value()).put("birthDate", birthDate.toString())
                .put("kind", kind.name()).put("createdAt", now.toEpochMilli());
        return redis.set(List.of(key(id), json.encode(), "PX", Long.toString(config.sessionIdleTimeout().toMillis())))
                .map(ok -> session);
    }

    /** The live session for this id, its idle timer restarted; empty if unknown, expired or past its lifetime. */
    public Future<Optional<PatientSession>> find(String id) {
        if (id == null || id.length() < 20 || id.length() > 100) {
            return Future.succeededFuture(Optional.empty());
        }
        long idle = config.sessionIdleTimeout().toMillis();
        return redis.eval(List.of(TOUCH, "1", key(id), Long.toString(idle))).map(r -> {
            if (r == null) {
                return Optional.empty();
            }
            JsonObject json = new JsonObject(r.toString());
            Instant created = Instant.ofEpochMilli(json.getLong("createdAt"));
            Instant now = config.clock().instant();
            if (now.isAfter(created.plus(config.sessionMaxLifetime()))) {
                return Optional.empty();
            }
            return Optional.of(new PatientSession(id, Ins.parse(json.getString("ins")),
                    LocalDate.parse(json.getString("birthDate")), PatientSession.Kind.valueOf(json.getString("kind")),
                    created, now.plusMillis(idle)));
        });
    }

    public Future<Void> delete(String id) {
        return redis.del(List.of(key(id))).mapEmpty();
    }

    private static String key(String id) {
        return "pwa:s:" + Hmac.sha256(id);
    }
}
