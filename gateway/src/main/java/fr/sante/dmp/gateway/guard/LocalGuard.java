package fr.sante.dmp.gateway.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limit and the distinct-patient quota of this instance alone, for when Redis cannot answer: reads stay
 * available for care, but an outage never lifts the anti-enumeration limit (a script reading record after record
 * while Redis is down meets the same quota, per instance). The same rules as {@code ratelimit/guard.lua}: a token
 * bucket per client; a set of patient pseudonyms per professional and day, a patient already in it stays open, a new
 * one past the quota is refused, a request refused by the bucket is not counted.
 *
 * <p>Every patient Redis accepts is also {@linkplain #mirror mirrored} here, so that at the start of an outage the
 * professional's count goes on from what this instance saw that day instead of from zero. When Redis answers again,
 * what was counted here is <em>owed</em> to it ({@link #owed}, {@link #owedAll}): the patients opened during the outage
 * (all of a set's patients, mirrored ones too, once Redis is seen to have lost its state) and the buckets drained here
 * are written back before Redis decides again ({@link RateLimiter}), so that neither the outage nor a Redis that
 * restarted empty resets the day's count. Every count made here, and every sign that Redis lost its state, starts a
 * new {@linkplain #generation generation}; a set or bucket is owed while it was last written back in an older one.
 *
 * <p>A set owes only what Redis lacks: writing back a whole set on every request while one count was owed turned a
 * slow Redis into a storm (a benchmark physician's 20,000 mirrored patients sent by each of 64 requests in flight, the
 * write-backs timing out, each timeout counted here and owed again).
 *
 * <p>Memory is bounded: at most {@value #MAX_BUCKETS} buckets and {@value #MAX_MEMBERS} pseudonyms in all
 * (professional-days are evicted, least recently used first, beyond {@code MAX_MEMBERS / quota}); a set never holds
 * more than the quota, nor more than {@value #MAX_MEMBERS} (a quota above that, as the reliability suite sets to stay
 * out of the way, is then stricter here than in Redis).
 */
public final class LocalGuard {
    static final int MAX_BUCKETS = 100_000;
    static final int MAX_MEMBERS = 1_000_000;

    private final int burst;
    private final double perSecond;
    private final Clock clock;
    private final Cache<String, Bucket> buckets;
    private final Cache<String, Members> patients;
    private final int cap;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong generation = new AtomicLong();
    /** The generation of the last sign that Redis lost its state: a set written back before it is owed whole. */
    private final AtomicLong forgotten = new AtomicLong();

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
        Bucket bucket = buckets.get(clientKey, k -> new Bucket(burst, clock.millis(), generation.get()));
        Optional<Members> members = claim.map(this::members);
        generation.incrementAndGet(); // what is counted next, here alone, is owed to Redis
        long wait = bucket.take(cost, burst, perSecond, clock.millis());
        if (wait > 0) {
            return new RateLimiter.Verdict(false, wait, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
        }
        if (claim.isEmpty()) {
            return new RateLimiter.Verdict(true, 0, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
        }
        RateLimiter.QuotaClaim q = claim.get();
        Members set = members.orElseThrow();
        synchronized (set) {
            if (set.ids.contains(q.member())) {
                return new RateLimiter.Verdict(true, 0, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
            }
            if (set.ids.size() >= Math.min(q.perDay(), cap)) {
                // The first local refusal of the set alerts, as the Redis script's marker does.
                boolean first = !set.alerted;
                set.alerted = true;
                set.alertOwed |= first;
                return new RateLimiter.Verdict(true, 0,
                        first ? RateLimiter.Quota.REFUSED_FIRST_TIME_TODAY : RateLimiter.Quota.REFUSED);
            }
            set.ids.add(q.member());
            set.fresh.add(q.member());
            return new RateLimiter.Verdict(true, 0, RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
        }
    }

    /** A patient Redis let this professional open today: counted here too, for the next outage. */
    public void mirror(RateLimiter.QuotaClaim claim) {
        Members set = members(claim);
        synchronized (set) {
            if (set.ids.size() < Math.min(claim.perDay(), cap)) {
                set.ids.add(claim.member());
            }
        }
    }

    /**
     * Whether this patient is in the professional's set of the day as this instance knows it (mirrored from Redis's
     * answers, or counted here during an outage): a set only grows within its day, so the patient is open.
     */
    public boolean opened(RateLimiter.QuotaClaim claim) {
        Members set = patients.getIfPresent(claim.set());
        if (set == null) {
            return false;
        }
        synchronized (set) {
            return set.ids.contains(claim.member());
        }
    }

    /**
     * Redis no longer holds what it held when this instance last asked (restarted without persistence, flushed,
     * or this instance's first call): everything counted here is owed to it again.
     */
    public void redisForgot() {
        forgotten.set(generation.incrementAndGet());
    }

    /** Names this instance in Redis (its sentinel key), so that it notices when Redis forgot what it wrote. */
    public String instance() {
        return instance;
    }

    /** Changes whenever something counted here becomes owed to Redis. */
    public long generation() {
        return generation.get();
    }

    /**
     * What this instance owes Redis for this client's bucket and the set the claim counts in, if anything (usually
     * nothing: two cache look-ups).
     */
    public List<WriteBack> owed(String clientKey, Optional<RateLimiter.QuotaClaim> claim) {
        long g = generation.get();
        if (g == 0) {
            return List.of();
        }
        Bucket bucket = buckets.getIfPresent(clientKey);
        Optional<WriteBack> ownBucket = bucket == null ? Optional.empty()
                : bucket.owed(clientKey, g, clock.millis(), burst, perSecond);
        Members set = claim.map(q -> patients.getIfPresent(q.set())).orElse(null);
        Optional<WriteBack> ownSet = set == null ? Optional.empty() : set.owed(g, forgotten.get());
        if (ownBucket.isEmpty() && ownSet.isEmpty()) {
            return List.of(); // the usual case: nothing was counted here alone since Redis last had it all
        }
        List<WriteBack> owed = new ArrayList<>(2);
        ownBucket.ifPresent(owed::add);
        ownSet.ifPresent(owed::add);
        return owed;
    }

    /** Everything this instance owes Redis: what the sweep writes back once Redis answers again. */
    public List<WriteBack> owedAll() {
        long g = generation.get();
        List<WriteBack> owed = new ArrayList<>();
        if (g == 0) {
            return owed;
        }
        long now = clock.millis();
        for (Map.Entry<String, Bucket> e : buckets.asMap().entrySet()) {
            e.getValue().owed(e.getKey(), g, now, burst, perSecond).ifPresent(owed::add);
        }
        long lost = forgotten.get();
        for (Members set : patients.asMap().values()) {
            set.owed(g, lost).ifPresent(owed::add);
        }
        return owed;
    }

    /** Redis holds {@code done} now: its bucket or set is owed nothing more until something new is counted here. */
    public void written(WriteBack done) {
        if (done.set().isPresent()) {
            Members set = patients.getIfPresent(done.set().get());
            if (set != null) {
                set.written(done);
            }
        } else {
            Bucket bucket = buckets.getIfPresent(done.clientKey());
            if (bucket != null) {
                bucket.written(done.generation());
            }
        }
    }

    private Members members(RateLimiter.QuotaClaim claim) {
        // A set or bucket made now owes nothing to Redis until something is counted in it here alone.
        return patients.get(claim.set(), k -> new Members(k, claim.keepSeconds(), generation.get()));
    }

    /**
     * One bucket or one set to write back: a client's tokens (Redis keeps the lower of its own and these), or a set's
     * patients (Redis adds them) and whether the quota's refusal was alerted here. {@code generation}: as of when.
     */
    public record WriteBack(long generation, String clientKey, OptionalDouble tokens, Optional<String> set,
                            List<String> members, boolean alerted, long keepSeconds) {
    }

    /** A professional's patients of one day, as this instance counted them. */
    private static final class Members {
        private final String key;
        private final long keepSeconds;
        private final Set<String> ids = new HashSet<>();
        /** Opened here while Redis could not answer, not yet written back: what Redis lacks unless it forgot. */
        private final Set<String> fresh = new HashSet<>();
        private boolean alerted;
        /** The quota's refusal was alerted here and Redis does not know yet. */
        private boolean alertOwed;
        /** The generation as of which Redis holds this set. */
        private long synced;

        Members(String key, long keepSeconds, long synced) {
            this.key = key;
            this.keepSeconds = keepSeconds;
            this.synced = synced;
        }

        /** {@code forgotten}: the last generation in which Redis was seen to have lost its state. */
        synchronized Optional<WriteBack> owed(long generation, long forgotten) {
            if (synced >= generation || ids.isEmpty() && !alerted) {
                return Optional.empty();
            }
            boolean whole = synced < forgotten;
            if (!whole && fresh.isEmpty() && !alertOwed) {
                synced = generation; // counts elsewhere moved the generation; Redis holds all of this set
                return Optional.empty();
            }
            return Optional.of(new WriteBack(generation, null, OptionalDouble.empty(), Optional.of(key),
                    List.copyOf(whole ? ids : fresh), alerted, keepSeconds));
        }

        synchronized void written(WriteBack done) {
            synced = Math.max(synced, done.generation());
            // Only what this write-back carried: a patient opened here while it was in flight is still owed.
            done.members().forEach(fresh::remove);
            alertOwed &= !done.alerted();
        }
    }

    /** A token bucket refilled continuously, as the Lua script's. */
    private static final class Bucket {
        private double tokens;
        private long at;
        /** The generation as of which Redis holds no more tokens than this bucket. */
        private long synced;

        Bucket(int burst, long now, long synced) {
            this.tokens = burst;
            this.at = now;
            this.synced = synced;
        }

        /** Takes {@code cost} tokens and answers 0, or answers the milliseconds until there are enough. */
        synchronized long take(int cost, int burst, double perSecond, long now) {
            refill(burst, perSecond, now);
            if (tokens >= cost) {
                tokens -= cost;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((cost - tokens) * 1000 / perSecond));
        }

        /** Owed while drained below the burst: a full bucket takes nothing from Redis's. */
        synchronized Optional<WriteBack> owed(String clientKey, long generation, long now, int burst,
                                              double perSecond) {
            if (synced >= generation) {
                return Optional.empty();
            }
            refill(burst, perSecond, now);
            if (tokens >= burst) {
                synced = generation;
                return Optional.empty();
            }
            return Optional.of(new WriteBack(generation, clientKey, OptionalDouble.of(tokens), Optional.empty(),
                    List.of(), false, 0));
        }

        synchronized void written(long generation) {
            synced = Math.max(synced, generation);
        }

        private void refill(int burst, double perSecond, long now) {
            tokens = Math.min(burst, tokens + Math.max(0, now - at) * perSecond / 1000);
            at = now;
        }
    }
}
