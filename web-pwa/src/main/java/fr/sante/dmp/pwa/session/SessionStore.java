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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side sessions in Redis under {@code pwa:s:<sha256(id)>}: the id itself never reaches Redis, so a dump of Redis
 * cannot be replayed. Idle timeout by key expiry, refreshed on each use; a hard lifetime on top.
 *
 * <p>Each record carries a MAC under the server's secret ({@code DMP_PWA_SECRET}) over its key and every field, checked
 * on every use: whoever can write to Redis cannot forge a session for a patient (a hand-written record, or a genuine
 * one copied under another key, is refused and erased). Records without a valid MAC, those written before it existed
 * included, are refused: the patient logs in again (fail closed).
 */
public final class SessionStore {

    // GET and PEXPIRE in one round trip, atomically: a session used at its last millisecond is not lost in between.
    private static final String TOUCH = "local v = redis.call('GET', KEYS[1]) "
            + "if v then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v";

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private final RedisAPI redis;
    private final PwaConfig config;
    private final Hmac hmac;

    public SessionStore(RedisAPI redis, PwaConfig config, Hmac hmac) {
        this.redis = redis;
        this.config = config;
        this.hmac = hmac;
    }

    public Future<PatientSession> create(Ins ins, LocalDate birthDate, PatientSession.Kind kind) {
        return create(ins, birthDate, kind, java.util.Optional.empty(), java.util.Optional.empty());
    }

    /** A session of this person acting for {@code actingFor} (a representative; the link is checked per request). */
    public Future<PatientSession> create(Ins ins, LocalDate birthDate, PatientSession.Kind kind,
                                         java.util.Optional<Ins> actingFor, java.util.Optional<String> actingForName) {
        return create(ins, birthDate, kind, actingFor, actingForName, config.clock().instant());
    }

    /**
     * As above, its lifetime counted from {@code loginAt}: a session made from another (acting for someone) ends when
     * the login it came from would, however many times it is chained.
     */
    public Future<PatientSession> create(Ins ins, LocalDate birthDate, PatientSession.Kind kind,
                                         java.util.Optional<Ins> actingFor, java.util.Optional<String> actingForName,
                                         Instant loginAt) {
        Instant now = config.clock().instant();
        String id = hmac.randomToken(32);
        PatientSession session = new PatientSession(id, ins, birthDate, kind, loginAt,
                now.plus(config.sessionIdleTimeout()), actingFor, actingForName);
        String key = key(id);
        JsonObject json = new JsonObject().put("ins", ins.value()).put("birthDate", birthDate.toString())
                .put("kind", kind.name()).put("createdAt", loginAt.toEpochMilli());
        actingFor.ifPresent(p -> json.put("actingFor", p.value()));
        actingForName.ifPresent(n -> json.put("actingForName", n));
        json.put("mac", mac(key, json));
        return redis.set(List.of(key, json.encode(), "PX", Long.toString(config.sessionIdleTimeout().toMillis())))
                .map(ok -> session);
    }

    /** The live session for this id, its idle timer restarted; empty if unknown, expired or past its lifetime. */
    public Future<Optional<PatientSession>> find(String id) {
        if (id == null || id.length() < 20 || id.length() > 100) {
            return Future.succeededFuture(Optional.empty());
        }
        long idle = config.sessionIdleTimeout().toMillis();
        String key = key(id);
        return redis.eval(List.of(TOUCH, "1", key, Long.toString(idle))).compose(r -> {
            if (r == null) {
                return Future.succeededFuture(Optional.empty());
            }
            Optional<PatientSession> session = authentic(id, key, r.toString(), idle);
            if (session.isEmpty()) {
                // Forged, copied, altered or written before records carried a MAC: never a session, and erased.
                LOG.warn("session record refused: its MAC does not match");
                return redis.del(List.of(key)).map(d -> Optional.<PatientSession>empty());
            }
            Instant now = config.clock().instant();
            if (now.isAfter(session.get().createdAt().plus(config.sessionMaxLifetime()))) {
                return Future.succeededFuture(Optional.empty());
            }
            return Future.succeededFuture(session);
        });
    }

    /** The session a stored record describes, only if its MAC is ours for this key and these fields. */
    private Optional<PatientSession> authentic(String id, String key, String stored, long idle) {
        try {
            JsonObject json = new JsonObject(stored);
            String mac = json.getString("mac");
            if (mac == null || !Hmac.same(mac, mac(key, json))) {
                return Optional.empty();
            }
            Instant created = Instant.ofEpochMilli(json.getLong("createdAt"));
            return Optional.of(new PatientSession(id, Ins.parse(json.getString("ins")),
                    LocalDate.parse(json.getString("birthDate")), PatientSession.Kind.valueOf(json.getString("kind")),
                    created, config.clock().instant().plusMillis(idle),
                    java.util.Optional.ofNullable(json.getString("actingFor")).map(Ins::parse),
                    java.util.Optional.ofNullable(json.getString("actingForName"))));
        } catch (RuntimeException e) { // not JSON, a field missing or of another type: not a record we wrote
            return Optional.empty();
        }
    }

    /** MAC of a record: bound to its Redis key (so it cannot be moved to another session id) and to every field. */
    private String mac(String key, JsonObject json) {
        Object created = json.getValue("createdAt");
        Object actingFor = json.getValue("actingFor");
        if (actingFor != null) { // its own label: a plain session's MAC never covers an acting-for record, nor back
            return hmac.sign("session-acting-for", key, String.valueOf(json.getValue("ins")),
                    String.valueOf(json.getValue("birthDate")), String.valueOf(json.getValue("kind")),
                    String.valueOf(created), String.valueOf(actingFor),
                    String.valueOf(json.getValue("actingForName")));
        }
        return hmac.sign("session", key, String.valueOf(json.getValue("ins")), String.valueOf(json.getValue("birthDate")),
                String.valueOf(json.getValue("kind")), String.valueOf(created));
    }

    public Future<Void> delete(String id) {
        return redis.del(List.of(key(id))).mapEmpty();
    }

    private static String key(String id) {
        return "pwa:s:" + Hmac.sha256(id);
    }
}
