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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Per-client token bucket kept in Redis by one Lua script ({@code ratelimit/guard.lua}), called by EVALSHA with a
 * fallback to EVAL when the server does not have it cached yet (first call, Redis restarted). A read that names a
 * patient also claims that patient in the professional's distinct patients of the day in the same script call
 * ({@link QuotaClaim}): one Redis round trip per request instead of two (docs/BENCHMARKS.md, "Read path after
 * profiling").
 */
public final class RateLimiter {
    private static final String SCRIPT = load();
    private static final String SHA = sha1(SCRIPT);

    private final RedisAPI redis;
    private final String burst;
    private final String perSecond;

    public RateLimiter(RedisAPI redis, int burst, double perSecond) {
        this.redis = redis;
        this.burst = Integer.toString(burst);
        this.perSecond = Double.toString(perSecond);
    }

    /** The verdict for one request of this client. Fails when Redis does not answer within a second. */
    public Future<Verdict> acquire(String clientKey) {
        return acquire(clientKey, Optional.empty());
    }

    /**
     * The verdict for one request of this client and, when it is allowed and {@code claim} is present, the quota
     * verdict for the patient it names (a request refused by the bucket is not counted). Fails when Redis does not
     * answer within a second.
     */
    public Future<Verdict> acquire(String clientKey, Optional<QuotaClaim> claim) {
        return acquire(clientKey, claim, 1);
    }

    /**
     * As {@link #acquire(String, Optional)} with this many tokens; 0 takes none and only claims the patient (a read
     * by document id, whose request already took its token, counted once the store named the patient).
     */
    public Future<Verdict> acquire(String clientKey, Optional<QuotaClaim> claim, int cost) {
        String tokens = Integer.toString(cost);
        List<String> args = new ArrayList<>(11);
        args.add(SHA);
        if (claim.isPresent()) {
            QuotaClaim q = claim.get();
            args.add("3");
            args.add("dmp:rl:" + clientKey);
            args.add(q.set());
            args.add(q.set() + ":alerted");
            args.add(burst);
            args.add(perSecond);
            args.add(tokens);
            args.add("1");
            args.add(q.member());
            args.add(Integer.toString(q.perDay()));
            args.add(Long.toString(q.keepSeconds()));
        } else {
            args.add("1");
            args.add("dmp:rl:" + clientKey);
            args.add(burst);
            args.add(perSecond);
            args.add(tokens);
            args.add("0");
        }
        return redis.evalsha(args)
                .recover(e -> {
                    if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                        List<String> eval = new ArrayList<>(args);
                        eval.set(0, SCRIPT);
                        return redis.eval(eval);
                    }
                    return Future.failedFuture(e);
                })
                .timeout(1, TimeUnit.SECONDS)
                .map(RateLimiter::verdict);
    }

    /**
     * One patient counted in a professional's distinct patients of the day: the day's set (a Redis key naming the
     * professional and the day, never a patient), the patient's pseudonym, the quota and how long the set is kept.
     */
    public record QuotaClaim(String set, String member, int perDay, long keepSeconds) {
    }

    /** What the quota said about the patient a read named (NOT_COUNTED when no claim was made or the bucket refused). */
    public enum Quota { NOT_COUNTED_OR_ALLOWED, REFUSED, REFUSED_FIRST_TIME_TODAY }

    /** Allowed, or refused with the time to wait; and the quota's verdict when a patient was claimed. */
    public record Verdict(boolean allowed, long retryAfterMillis, Quota quota) {
    }

    private static Verdict verdict(Response r) {
        Quota quota = switch (r.size() > 2 ? r.get(2).toInteger() : 0) {
            case 1 -> Quota.REFUSED;
            case 2 -> Quota.REFUSED_FIRST_TIME_TODAY;
            default -> Quota.NOT_COUNTED_OR_ALLOWED;
        };
        return new Verdict(r.get(0).toInteger() == 1, r.get(1).toLong(), quota);
    }

    private static String load() {
        try (InputStream in = RateLimiter.class.getResourceAsStream("/ratelimit/guard.lua")) {
            if (in == null) {
                throw new IllegalStateException("ratelimit/guard.lua is missing from the classpath");
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
