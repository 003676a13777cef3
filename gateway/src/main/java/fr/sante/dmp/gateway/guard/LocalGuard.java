package fr.sante.dmp.gateway.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rate limit and the distinct-patient quota of this instance alone, for when Redis cannot answer: reads stay
 * available for care, but an outage never lifts the anti-enumeration limit (a script reading record after record
 * while Redis is down meets the same quota, per instance). The same rules as {@code ratelimit/guard.lua}: a token
 * bucket per client; a set of patient pseudonyms per professional and day, a patient already in it stays open, a new
 * one past the quota is refused, a request refused by the bucket is not counted.
 *
 * <p>Every patient Redis accepts is also {@linkplain #mirror mirrored} here, so that at the start of an outage the
 * professional's count goes on from what this instance saw that day instead of from zero. Memory is bounded: at most
 * {@value #MAX_BUCKETS} buckets and {@value #MAX_MEMBERS} pseudonyms in all (professional-days are evicted, least
 * recently used first, beyond {@code MAX_MEMBERS / quota}); a set never holds more than the quota, nor more than
 * {@value #MAX_MEMBERS} (a quota above that, as the reliability suite sets to stay out of the way, is then stricter
 * here than in Redis).
 */
public final class LocalGuard {
    static final int MAX_BUCKETS = 100_000;
    static final int MAX_MEMBERS = 1_000_000;

    private final int burst;
    private final double perSecond;
    private final Clock clock;
    private final Cache<String, Bucket> buckets;
    private final Cache<String, Set<String>> patients;
    private final int cap;

    public LocalGuard(int burst, double perSecond, int perDay, Clock clock) {
        this.cap = Math.min(perDay, MAX_MEMBERS);
        this.burst = burst;
        this.perSecond = perSecond;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS)
                .expireAfterAccess(Duration.ofMillis((long) Math.ceil(burst * 1000 / perSecond) + 1000)).build();
        this.patients = Caffeine.newBuilder().maximumSize(Math.max(1, MAX_MEMBERS / cap))
                .expireAfterWrite(Duration.ofDays(2)).build();
    }

    /** The verdict of this instance for one request (cost 0: only the claim, e.g. after a read by document id). */
    public RateLimiter.Verdict acquire(String clientKey, Optional<RateLimiter.QuotaClaim> claim, int cost) {
        long wait = buckets.get(clientKey, k -> new Bucket(burst, clock.millis())).take(cost, burst, perSecond,
                clock.millis());
        if (wait > 0) {
            return new RateLimiter.Verdict(false, wait, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
        }
        if (claim.isEmpty()) {
            return new RateLimiter.Verdict(true, 0, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
        }
        RateLimiter.QuotaClaim q = claim.get();
        Set<String> set = patients.get(q.set(), k -> new HashSet<>());
        synchronized (set) {
            if (set.contains(q.member())) {
                return new RateLimiter.Verdict(true, 0, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
            }
            if (set.size() >= Math.min(q.perDay(), cap)) {
                // The first local refusal of the set alerts, as the Redis script's marker does.
                boolean first = set.add(ALERTED);
                return new RateLimiter.Verdict(true, 0,
                        first ? RateLimiter.Quota.REFUSED_FIRST_TIME_TODAY : RateLimiter.Quota.REFUSED);
            }
            set.add(q.member());
            return new RateLimiter.Verdict(true, 0, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
        }
    }

    /** A patient Redis let this professional open today: counted here too, for the next outage. */
    public void mirror(RateLimiter.QuotaClaim claim) {
        Set<String> set = patients.get(claim.set(), k -> new HashSet<>());
        synchronized (set) {
            if (set.size() < Math.min(claim.perDay(), cap)) {
                set.add(claim.member());
            }
        }
    }

    /** Marker of a set whose refusal was alerted (not a pseudonym: those are 32 hex characters). */
    private static final String ALERTED = "!alerted";

    /** A token bucket refilled continuously, as the Lua script's. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.at = now;
        }

        /** Takes {@code cost} tokens and answers 0, or answers the milliseconds until there are enough. */
        synchronized long take(int cost, int burst, double perSecond, long now) {
            tokens = Math.min(burst, tokens + Math.max(0, now - at) * perSecond / 1000);
            at = now;
            if (tokens >= cost) {
                tokens -= cost;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((cost - tokens) * 1000 / perSecond));
        }
    }
}
