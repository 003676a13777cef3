package fr.sante.dmp.pwa.login;

import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.security.Hmac;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.security.SecureRandom;
import java.util.List;

/**
 * Six-digit one-time codes: drawn from {@link SecureRandom}, stored only as an HMAC with the server's secret (a plain
 * hash of a 6-digit code is reversed in microseconds), valid {@code codeTtl}, burnt after {@code codeMaxAttempts}
 * wrong tries or one right one. A new code replaces the previous one.
 *
 * <p>Validity is counted on the configuration's clock: the code's end ({@code e}, epoch milliseconds) is stored beside
 * its HMAC and compared with the clock's time at each check, so a test moves a clock instead of sleeping. The key's
 * expiry, the same {@code codeTtl}, only frees Redis. A code stored without {@code e} (written before it existed) is
 * judged by the key's expiry alone.
 */
public final class OneTimeCodes {

    /** The result of checking a code. */
    public enum Check { OK, WRONG, EXPIRED, TOO_MANY_ATTEMPTS }

    private static final String STORE = "redis.call('DEL', KEYS[1]) "
            + "redis.call('HSET', KEYS[1], 'h', ARGV[1], 'a', 0, 'e', ARGV[3]) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1";

    // 0: no code (never issued, expired or burnt); 1: right; 2: wrong; 3: wrong and now burnt.
    // ARGV[3] is the clock's time: a code past its end is erased and counts as no code, whatever is typed.
    private static final String CHECK = "local h = redis.call('HGET', KEYS[1], 'h') "
            + "if not h then return 0 end "
            + "local e = redis.call('HGET', KEYS[1], 'e') "
            + "if e and tonumber(ARGV[3]) >= tonumber(e) then redis.call('DEL', KEYS[1]) return 0 end "
            + "local a = redis.call('HINCRBY', KEYS[1], 'a', 1) "
            + "if h == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end "
            + "if a >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) return 3 end "
            + "return 2";

    private final RedisAPI redis;
    private final PwaConfig config;
    private final Hmac hmac;
    private final SecureRandom random = new SecureRandom();

    public OneTimeCodes(RedisAPI redis, PwaConfig config, Hmac hmac) {
        this.redis = redis;
        this.config = config;
        this.hmac = hmac;
    }

    /** Draws a code, stores its HMAC under the subject (already a keyed hash) and returns the clear code. */
    public Future<String> issue(String purpose, String subject) {
        String code = String.format("%06d", random.nextInt(1_000_000));
        long ends = config.clock().millis() + config.codeTtl().toMillis();
        return redis.eval(List.of(STORE, "1", key(purpose, subject), hash(purpose, subject, code),
                Long.toString(config.codeTtl().toMillis()), Long.toString(ends))).map(r -> code);
    }

    public Future<Check> check(String purpose, String subject, String code) {
        return redis.eval(List.of(CHECK, "1", key(purpose, subject), hash(purpose, subject, code),
                Integer.toString(config.codeMaxAttempts()), Long.toString(config.clock().millis())))
                .map(r -> switch (r.toInteger()) {
                    case 1 -> Check.OK;
                    case 2 -> Check.WRONG;
                    case 3 -> Check.TOO_MANY_ATTEMPTS;
                    default -> Check.EXPIRED;
                });
    }

    private String hash(String purpose, String subject, String code) {
        return hmac.sign("otp", purpose, subject, code);
    }

    private static String key(String purpose, String subject) {
        return "pwa:otp:" + purpose + ":" + subject;
    }
}
