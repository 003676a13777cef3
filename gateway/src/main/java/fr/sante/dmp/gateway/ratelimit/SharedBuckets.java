package fr.sante.dmp.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The token buckets of DMP_RATE_LIMIT_POLICY=local: each client's bucket lives in this process and decides its
 * requests without a Redis round trip; {@link RateLimiter#shareBuckets} gives Redis, in the background, what each
 * bucket {@linkplain #drain took} since the last exchange and {@linkplain #settle lowers} it to what the bucket all
 * instances share has left. A client served by one instance is limited exactly; served by several, each sees the
 * others' share one exchange late.
 *
 * <p>One small monitor per client, never a lock across clients; at most {@value #MAX_BUCKETS} buckets, a bucket
 * forgotten once it would be full again.
 */
public final class SharedBuckets {
    static final int MAX_BUCKETS = 100_000;

    private final int burst;
    private final double perSecond;
    private final Clock clock;
    private final Cache<String, Bucket> buckets;

    public SharedBuckets(int burst, double perSecond, Clock clock) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS)
                .expireAfterAccess(Duration.ofMillis((long) Math.ceil(burst * 1000 / perSecond) + 1000)).build();
    }

    /** Takes {@code cost} tokens from the client's bucket and answers 0, or the milliseconds until there are enough. */
    public long take(String clientKey, int cost) {
        Bucket bucket = buckets.get(clientKey, k -> new Bucket(burst, clock.millis()));
        return bucket.take(cost, burst, perSecond, clock.millis());
    }

    /** What each bucket took since the last exchange (clients that took nothing are left out), reset to nothing. */
    List<Taken> drain() {
        List<Taken> taken = new ArrayList<>();
        for (Map.Entry<String, Bucket> e : buckets.asMap().entrySet()) {
            int n = e.getValue().drain();
            if (n > 0) {
                taken.add(new Taken(e.getKey(), n));
            }
        }
        return taken;
    }

    /**
     * The exchange of {@code sent} answered: the shared bucket has {@code left} tokens after every instance's share,
     * and {@code instances} instances serve the client now.
     */
    void settle(Taken sent, double left, int instances) {
        Bucket bucket = buckets.getIfPresent(sent.clientKey());
        if (bucket != null) {
            bucket.settle(left, Math.max(1, instances), burst, perSecond, clock.millis());
        }
    }

    /** The exchange of {@code sent} failed (Redis did not answer): it is owed with the next one. */
    void unsent(Taken sent) {
        Bucket bucket = buckets.getIfPresent(sent.clientKey());
        if (bucket != null) {
            bucket.owe(sent.tokens());
        }
    }

    /** Tokens one client took here since the last exchange. */
    record Taken(String clientKey, int tokens) {
    }

    private static final class Bucket {
        private double tokens;
        private long at;
        /** Taken since the last exchange was sent. */
        private int taken;
        /** This instance's part of the client's budget: 1 / the instances serving the client. */
        private double share = 1;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.at = now;
        }

        synchronized long take(int cost, int burst, double perSecond, long now) {
            refill(burst, perSecond, now);
            if (tokens >= cost) {
                tokens -= cost;
                taken += cost;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((cost - tokens) * 1000 / (perSecond * share)));
        }

        synchronized int drain() {
            int n = taken;
            taken = 0;
            return n;
        }

        synchronized void owe(int n) {
            taken += n;
        }

        /** What was taken here while the exchange was in flight is not in {@code left} yet: it comes off it. */
        synchronized void settle(double left, int instances, int burst, double perSecond, long now) {
            refill(burst, perSecond, now);
            share = 1.0 / instances;
            tokens = Math.min(tokens, left * share - taken);
        }

        private void refill(int burst, double perSecond, long now) {
            tokens = Math.min(burst * share, tokens + Math.max(0, now - at) * perSecond * share / 1000);
            at = now;
        }
    }
}
