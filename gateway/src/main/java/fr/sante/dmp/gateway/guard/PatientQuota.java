package fr.sante.dmp.gateway.guard;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Distinct patients per professional per UTC day, in Redis: one set per professional and day holding pseudonyms of the
 * patients opened (never an INS), expiring after two days. A patient already opened today stays open; a new one past
 * the quota is refused. This is what stops a script reading record after record with one card (the abuse Germany's
 * ePA had to close in 2024); a clinician's day is far below the default of 500.
 */
public final class PatientQuota {
    /** 0 allowed, 1 refused, 2 refused for the first time today (the alert). */
    private static final String SCRIPT = """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then return 2 end
              return 1
            end
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return 0""";
    private static final long KEEP_SECONDS = Duration.ofDays(2).toSeconds();

    /** The outcome for one request. */
    public enum Verdict { ALLOWED, REFUSED, REFUSED_FIRST_TIME_TODAY }

    private final RedisAPI redis;
    private final Pseudonyms patients;
    private final int perDay;
    private final Clock clock;

    public PatientQuota(RedisAPI redis, Pseudonyms patients, int perDay, Clock clock) {
        this.redis = redis;
        this.patients = patients;
        this.perDay = perDay;
        this.clock = clock;
    }

    /** Counts this patient for this professional today. Fails when Redis does not answer within a second. */
    public Future<Verdict> open(String professional, String ins) {
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        String set = "dmp:pq:" + professional + ":" + day;
        return redis.eval(List.of(SCRIPT, "2", set, set + ":alerted", patients.of(ins), Integer.toString(perDay),
                        Long.toString(KEEP_SECONDS)))
                .timeout(1, TimeUnit.SECONDS)
                .map(r -> switch (r.toInteger()) {
                    case 0 -> Verdict.ALLOWED;
                    case 2 -> Verdict.REFUSED_FIRST_TIME_TODAY;
                    default -> Verdict.REFUSED;
                });
    }

    /** Seconds until the quota resets (next midnight UTC). */
    public long secondsToReset() {
        var now = clock.instant().atZone(ZoneOffset.UTC);
        return Math.max(1, Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC))
                .toSeconds());
    }

    public int perDay() {
        return perDay;
    }
}
