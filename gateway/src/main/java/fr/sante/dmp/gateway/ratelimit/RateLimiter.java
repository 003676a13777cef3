package fr.sante.dmp.gateway.ratelimit;

import fr.sante.dmp.gateway.guard.LocalGuard;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-client token bucket kept in Redis by one Lua script ({@code ratelimit/guard.lua}), called by EVALSHA with a
 * fallback to EVAL when the server does not have it cached yet (first call, Redis restarted). A read that names a
 * patient also claims that patient in the professional's distinct patients of the day in the same script call
 * ({@link QuotaClaim}): one Redis round trip per request instead of two ({@code git show
 * baafc61:docs/BENCHMARKS.md}, "Read path after profiling").
 *
 * <p>What the instance counted alone while Redis could not answer ({@link LocalGuard}) is written back
 * ({@code ratelimit/writeback.lua}) before Redis decides again for the same client and set, and by a
 * {@linkplain #writeBackAll sweep} for everyone else; so is everything the instance counted when Redis turns out to
 * have lost it (the script's per-instance sentinel is gone). Neither an outage nor a Redis restarted empty resets
 * the day's counts.
 *
 * <p>With {@link SharedBuckets} (DMP_RATE_LIMIT_POLICY=local) the bucket decides in this process instead and is
 * {@linkplain #shareBuckets shared} through Redis in the background; a patient this instance already saw Redis accept
 * for the professional today is open without asking (a day's set only grows, so that is exact). A read then reaches
 * Redis only for a patient new to this instance today, to count it ({@code guard.lua} with a cost of 0).
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final Script GUARD = Script.of("/ratelimit/guard.lua");
    private static final Script WRITE_BACK = Script.of("/ratelimit/writeback.lua");
    private static final Script SHARE = Script.of("/ratelimit/share.lua");
    /** An instance serves a client while it exchanged for it within this long (several exchange periods). */
    private static final String SERVING_WINDOW_MILLIS = "1000";
    private static final Future<Verdict> ALLOWED =
            Future.succeededFuture(new Verdict(true, 0, Quota.NOT_COUNTED_OR_ALLOWED));
    /** Pseudonyms per write-back call: Lua's unpack has a stack limit of a few thousand values. */
    private static final int MEMBERS_PER_CALL = 1000;
    /** Write-backs the sweep sends at once. */
    private static final int SWEEP_BATCH = 64;

    private final RedisAPI redis;
    private final LocalGuard local;
    private final String instance;
    private final String burst;
    private final String perSecond;
    private final Optional<SharedBuckets> shared;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean sharing = new AtomicBoolean();
    private volatile long swept;

    /** The bucket in Redis decides every request (DMP_RATE_LIMIT_POLICY=redis). */
    public RateLimiter(RedisAPI redis, int burst, double perSecond, LocalGuard local) {
        this(redis, burst, perSecond, local, Optional.empty());
    }

    /**
     * {@code local}: this instance's own counts, owed to Redis after an outage (the same one its handlers use);
     * {@code shared}: present, the buckets of this process decide (DMP_RATE_LIMIT_POLICY=local).
     */
    public RateLimiter(RedisAPI redis, int burst, double perSecond, LocalGuard local,
                       Optional<SharedBuckets> shared) {
        this.redis = redis;
        this.local = local;
        this.instance = local.instance();
        this.burst = Integer.toString(burst);
        this.perSecond = Double.toString(perSecond);
        this.shared = shared;
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
     * by document id, whose request already took its token, counted once the store named the patient). What this
     * instance owes Redis for the client and the set goes first; a failed write-back fails the call (the caller
     * falls back to its own counts, as for any Redis failure).
     */
    public Future<Verdict> acquire(String clientKey, Optional<QuotaClaim> claim, int cost) {
        if (shared.isPresent()) {
            long wait = cost == 0 ? 0 : shared.get().take(clientKey, cost);
            if (wait > 0) {
                return Future.succeededFuture(new Verdict(false, wait, Quota.NOT_COUNTED_OR_ALLOWED));
            }
            if (claim.isEmpty() || local.opened(claim.get())) {
                return ALLOWED;
            }
            return decide(clientKey, claim, 0); // the bucket decided here; Redis counts the patient
        }
        return decide(clientKey, claim, cost);
    }

    private Future<Verdict> decide(String clientKey, Optional<QuotaClaim> claim, int cost) {
        return writeBack(clientKey, claim)
                .compose(v -> ask(clientKey, claim, cost))
                .compose(answer -> {
                    if (answer != null) {
                        return Future.succeededFuture(answer);
                    }
                    // Redis forgot what this instance counted in it: everything is owed again; this client's and
                    // this set's first, then the decision (the sweep brings the rest).
                    local.redisForgot();
                    return writeBack(clientKey, claim).compose(v -> ask(clientKey, claim, cost))
                            .compose(again -> again != null ? Future.succeededFuture(again)
                                    : Future.failedFuture(new IllegalStateException("Redis lost its state again")));
                });
    }

    /**
     * Writes back everything this instance owes Redis (the sets and buckets it counted alone), unless nothing was
     * counted alone since the last complete sweep. Called periodically; a sweep that fails (Redis still down) is
     * retried by the next. One at a time.
     */
    public Future<Void> writeBackAll() {
        long g = local.generation();
        if (g == swept || !sweeping.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        List<LocalGuard.WriteBack> owed = local.owedAll();
        Future<Void> all = Future.succeededFuture();
        for (int from = 0; from < owed.size(); from += SWEEP_BATCH) {
            List<LocalGuard.WriteBack> batch = owed.subList(from, Math.min(owed.size(), from + SWEEP_BATCH));
            all = all.compose(v -> Future.all(batch.stream().map(this::send).toList()).mapEmpty());
        }
        return all.onSuccess(v -> {
            swept = g;
            if (!owed.isEmpty()) {
                LOG.atInfo().addKeyValue("writtenBack", owed.size())
                        .log("counts made while Redis could not answer were written back to it");
            }
        }).eventually(() -> {
            sweeping.set(false);
            return Future.succeededFuture();
        });
    }

    /**
     * Gives Redis what this process's buckets took since the last exchange and lowers each to what the shared bucket
     * has left (DMP_RATE_LIMIT_POLICY=local; nothing otherwise). Called periodically, one at a time; what Redis did
     * not take is sent again with the next exchange.
     */
    public Future<Void> shareBuckets() {
        if (shared.isEmpty() || !sharing.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        SharedBuckets buckets = shared.get();
        List<SharedBuckets.Taken> taken = buckets.drain();
        Future<Void> all = Future.succeededFuture();
        for (int from = 0; from < taken.size(); from += SWEEP_BATCH) {
            List<SharedBuckets.Taken> batch = taken.subList(from, Math.min(taken.size(), from + SWEEP_BATCH));
            all = all.compose(v -> Future.all(batch.stream().map(t -> SHARE.run(redis, List.of("1",
                            GuardKeys.bucket(t.clientKey()), burst, perSecond, Integer.toString(t.tokens()),
                            instance, SERVING_WINDOW_MILLIS))
                    .timeout(1, TimeUnit.SECONDS)
                    .onSuccess(r -> buckets.settle(t, r.get(0).toDouble(), r.get(1).toInteger()))
                    .onFailure(e -> buckets.unsent(t))
                    .<Void>mapEmpty().otherwiseEmpty()).toList()).mapEmpty());
        }
        return all.eventually(() -> {
            sharing.set(false);
            return Future.succeededFuture();
        });
    }

    private Future<Void> writeBack(String clientKey, Optional<QuotaClaim> claim) {
        List<LocalGuard.WriteBack> owed = local.owed(clientKey, claim);
        if (owed.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.all(owed.stream().map(this::send).toList()).mapEmpty();
    }

    /** One bucket or set written back (a large set in several calls); marked written once Redis has it all. */
    private Future<Void> send(LocalGuard.WriteBack w) {
        Future<Response> sent;
        if (w.set().isEmpty()) {
            sent = WRITE_BACK.run(redis, List.of("1", GuardKeys.bucket(w.clientKey()), "bucket", burst, perSecond,
                    Double.toString(w.tokens().orElseThrow())));
        } else {
            String set = w.set().get();
            List<Future<Response>> calls = new ArrayList<>();
            int from = 0;
            do {
                List<String> args = new ArrayList<>();
                args.addAll(List.of("2", set, GuardKeys.alerted(set), "set", Long.toString(w.keepSeconds()),
                        w.alerted() ? "1" : "0"));
                args.addAll(w.members().subList(from, Math.min(w.members().size(), from + MEMBERS_PER_CALL)));
                calls.add(WRITE_BACK.run(redis, args));
                from += MEMBERS_PER_CALL;
            } while (from < w.members().size());
            sent = Future.all(calls).map(x -> null);
        }
        return sent.timeout(1, TimeUnit.SECONDS).onSuccess(x -> local.written(w)).mapEmpty();
    }

    /** Redis's verdict, or null when Redis had lost this instance's sentinel and decided nothing. */
    private Future<Verdict> ask(String clientKey, Optional<QuotaClaim> claim, int cost) {
        String tokens = Integer.toString(cost);
        List<String> args = new ArrayList<>(12);
        String bucket = GuardKeys.bucket(clientKey);
        String sentinel = GuardKeys.sentinel(instance, bucket);
        if (claim.isPresent()) {
            QuotaClaim q = claim.get();
            args.add("4");
            args.add(bucket);
            args.add(q.set());
            args.add(GuardKeys.alerted(q.set()));
            args.add(sentinel);
            args.add(burst);
            args.add(perSecond);
            args.add(tokens);
            args.add("1");
            args.add(q.member());
            args.add(Integer.toString(q.perDay()));
            args.add(Long.toString(q.keepSeconds()));
        } else {
            args.add("2");
            args.add(bucket);
            args.add(sentinel);
            args.add(burst);
            args.add(perSecond);
            args.add(tokens);
            args.add("0");
        }
        return GUARD.run(redis, args)
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
        if (r.size() > 3 && r.get(3).toInteger() == 1) {
            return null;
        }
        Quota quota = switch (r.size() > 2 ? r.get(2).toInteger() : 0) {
            case 1 -> Quota.REFUSED;
            case 2 -> Quota.REFUSED_FIRST_TIME_TODAY;
            default -> Quota.NOT_COUNTED_OR_ALLOWED;
        };
        return new Verdict(r.get(0).toInteger() == 1, r.get(1).toLong(), quota);
    }

    /** A Lua script of the classpath, run by EVALSHA, by EVAL when Redis does not have it (first call, restart). */
    private record Script(String text, String sha) {
        static Script of(String resource) {
            String text = load(resource);
            return new Script(text, sha1(text));
        }

        /** {@code args}: the number of keys, the keys, then the arguments. */
        Future<Response> run(RedisAPI redis, List<String> args) {
            List<String> call = new ArrayList<>(args.size() + 1);
            call.add(sha);
            call.addAll(args);
            return redis.evalsha(call).recover(e -> {
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                    call.set(0, text);
                    return redis.eval(call);
                }
                return Future.failedFuture(e);
            });
        }

        private static String load(String resource) {
            try (InputStream in = RateLimiter.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String sha1(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
