package fr.sante.dmp.gateway.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-client token bucket kept in Redis by one Lua script ({@code ratelimit/token-bucket.lua}), called by EVALSHA with
 * a fallback to EVAL when the server does not have it cached yet (first call, Redis restarted).
 */
public final class RateLimiter {
    private static final String SCRIPT = load();
    private static final String SHA = sha1(SCRIPT);

    private final RedisAPI redis;
    private final int burst;
    private final double perSecond;

    public RateLimiter(RedisAPI redis, int burst, double perSecond) {
        this.redis = redis;
        this.burst = burst;
        this.perSecond = perSecond;
    }

    /** The verdict for one request of this client. Fails when Redis does not answer within a second. */
    public Future<Verdict> acquire(String clientKey) {
        List<String> args = List.of("1", "dmp:rl:" + clientKey, Integer.toString(burst), Double.toString(perSecond), "1");
        return redis.evalsha(prepend(SHA, args))
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? redis.eval(prepend(SCRIPT, args))
                        : Future.failedFuture(e))
                .timeout(1, TimeUnit.SECONDS)
                .map(RateLimiter::verdict);
    }

    /** Allowed, or refused with the time to wait. */
    public record Verdict(boolean allowed, long retryAfterMillis) {
    }

    private static Verdict verdict(Response r) {
        return new Verdict(r.get(0).toInteger() == 1, r.get(1).toLong());
    }

    private static List<String> prepend(String first, List<String> rest) {
        var all = new java.util.ArrayList<String>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String load() {
        try (InputStream in = RateLimiter.class.getResourceAsStream("/ratelimit/token-bucket.lua")) {
            if (in == null) {
                throw new IllegalStateException("ratelimit/token-bucket.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
