package fr.sante.dmp.gateway.ratelimit;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.dev.EmbeddedRedisServer;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.gateway.ratelimit.RateLimiter.Quota;
import fr.sante.dmp.gateway.ratelimit.RateLimiter.QuotaClaim;
import fr.sante.dmp.gateway.ratelimit.RateLimiter.Verdict;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The one-call guard script ({@code ratelimit/guard.lua}) against a real Redis: the token bucket and the
 * distinct-patient quota, and how they combine (a request the bucket refuses is not counted).
 */
@ExtendWith(VertxExtension.class)
class RateLimiterIT {
    private static EmbeddedRedisServer server;
    private static Vertx vertx;
    private static RedisAPI redis;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        server = EmbeddedRedisServer.start(Files.createTempDirectory("ratelimiter-it"));
        RateLimiterIT.vertx = vertx;
        redis = RedisAPI.api(Redis.createClient(vertx, server.uri()));
        // Connect before the first limited call: the limiter gives Redis one second, a cold connection on a busy
        // machine can take longer.
        redis.ping(List.of()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A limiter of its own instance (its own local counts and sentinel). */
    private static RateLimiter limiter(int burst, double perSecond) {
        return new RateLimiter(redis, burst, perSecond,
                new LocalGuard(burst, perSecond, 500, java.time.Clock.systemUTC()));
    }

    private static String client() {
        return "it-" + UUID.randomUUID();
    }

    @Test
    void bucketAllowsTheBurstThenRefusesWithTheTimeToWait() throws Exception {
        RateLimiter limiter = limiter(3, 1.0);
        String c = client();
        for (int i = 0; i < 3; i++) {
            assertThat(await(limiter.acquire(c)).allowed()).isTrue();
        }
        Verdict refused = await(limiter.acquire(c));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).isBetween(1L, 1000L);
        assertThat(refused.quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
    }

    @Test
    void quotaCountsDistinctPatientsKeepsOpenedOnesOpenAndAlertsOnce() throws Exception {
        RateLimiter limiter = limiter(1000, 1000.0);
        String c = client();
        String set = "dmp:pq:it:" + UUID.randomUUID();
        for (String patient : List.of("p1", "p2")) {
            Verdict v = await(limiter.acquire(c, Optional.of(new QuotaClaim(set, patient, 2, 60))));
            assertThat(v.allowed()).isTrue();
            assertThat(v.quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        }
        assertThat(await(limiter.acquire(c, Optional.of(new QuotaClaim(set, "p3", 2, 60)))).quota())
                .isEqualTo(Quota.REFUSED_FIRST_TIME_TODAY);
        assertThat(await(limiter.acquire(c, Optional.of(new QuotaClaim(set, "p4", 2, 60)))).quota())
                .isEqualTo(Quota.REFUSED);
        // A patient already opened today stays open.
        assertThat(await(limiter.acquire(c, Optional.of(new QuotaClaim(set, "p1", 2, 60)))).quota())
                .isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        assertThat(await(redis.scard(set)).toInteger()).isEqualTo(2);
        assertThat(await(redis.ttl(set)).toLong()).isBetween(1L, 60L);
    }

    @Test
    void requestRefusedByTheBucketIsNotCountedInTheQuota() throws Exception {
        RateLimiter limiter = limiter(1, 0.001);
        String c = client();
        String set = "dmp:pq:it:" + UUID.randomUUID();
        assertThat(await(limiter.acquire(c, Optional.of(new QuotaClaim(set, "p1", 5, 60)))).allowed()).isTrue();
        Verdict refused = await(limiter.acquire(c, Optional.of(new QuotaClaim(set, "p2", 5, 60))));
        assertThat(refused.allowed()).isFalse();
        assertThat(await(redis.sismember(set, "p2")).toInteger()).isZero();
        assertThat(await(redis.scard(set)).toInteger()).isEqualTo(1);
    }

    @Test
    void scriptIsLoadedAgainAfterRedisForgotIt() throws Exception {
        RateLimiter limiter = limiter(10, 10.0);
        String c = client();
        assertThat(await(limiter.acquire(c)).allowed()).isTrue();
        await(redis.script(List.of("FLUSH")));
        assertThat(await(limiter.acquire(c, Optional.of(new QuotaClaim("dmp:pq:it:" + UUID.randomUUID(), "p", 1,
                60)))).allowed()).isTrue();
    }

    /**
     * Security review, item 6: while Redis was down the instance counted alone (its local fallback); when Redis
     * answers again, those counts go back to it before it decides for the same client and set. Before, Redis decided
     * from what it held before the outage: a professional at the quota opened new patients again, a script that
     * had drained its bucket got a full one.
     */
    @Test
    void whatTheInstanceCountedAloneGoesBackToRedisBeforeItDecidesAgain() throws Exception {
        LocalGuard local = new LocalGuard(3, 0.001, 3, java.time.Clock.systemUTC());
        RateLimiter limiter = new RateLimiter(redis, 3, 0.001, local);
        String c = client();
        String set = "dmp:pq:it:" + UUID.randomUUID();
        // The outage: the handlers' fallback counts three patients and drains the bucket here.
        for (String patient : List.of("p1", "p2", "p3")) {
            assertThat(local.acquire(c, Optional.of(new QuotaClaim(set, patient, 3, 60)), 1).quota())
                    .isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        }
        assertThat(await(redis.exists(List.of(set))).toInteger()).as("nothing in Redis yet").isZero();

        // Redis answers again: a fourth patient is past the quota, and the bucket is as empty as the instance left it.
        Verdict fourth = await(limiter.acquire(c, Optional.of(new QuotaClaim(set, "p4", 3, 60)), 0));
        assertThat(fourth.quota()).isEqualTo(Quota.REFUSED_FIRST_TIME_TODAY);
        assertThat(await(redis.smembers(set)).stream().map(Object::toString).toList())
                .containsExactlyInAnyOrder("p1", "p2", "p3");
        assertThat(await(limiter.acquire(c)).allowed()).as("the bucket drained during the outage").isFalse();
        // Written back once: the owed counts are settled.
        assertThat(local.owed(c, Optional.of(new QuotaClaim(set, "p1", 3, 60)))).isEmpty();
    }

    /** The sweep writes back what the instance counted alone for clients that have not come back. */
    @Test
    void theSweepWritesBackEveryoneElsesCounts() throws Exception {
        LocalGuard local = new LocalGuard(1000, 1000, 50, java.time.Clock.systemUTC());
        RateLimiter limiter = new RateLimiter(redis, 1000, 1000, local);
        String set = "dmp:pq:it:" + UUID.randomUUID();
        for (int i = 0; i < 40; i++) {
            local.acquire(client(), Optional.of(new QuotaClaim(set, "p" + i, 50, 60)), 1);
        }
        await(limiter.writeBackAll());
        assertThat(await(redis.scard(set)).toInteger()).isEqualTo(40);
        assertThat(await(redis.ttl(set)).toLong()).isBetween(1L, 60L);
        assertThat(local.owedAll()).isEmpty();
    }

    /**
     * Redis restarted empty (no persistence) without this instance noticing an outage: its sentinel is gone, so it
     * writes back everything it counted (the patients it mirrored) before Redis decides. Before, the day's count
     * started again from zero.
     */
    @Test
    void aRedisThatLostItsStateGetsBackWhatTheInstanceMirrored() throws Exception {
        LocalGuard local = new LocalGuard(1000, 1000, 2, java.time.Clock.systemUTC());
        RateLimiter limiter = new RateLimiter(redis, 1000, 1000, local);
        String c = client();
        String set = "dmp:pq:it:" + UUID.randomUUID();
        for (String patient : List.of("p1", "p2")) {
            QuotaClaim claim = new QuotaClaim(set, patient, 2, 60);
            assertThat(await(limiter.acquire(c, Optional.of(claim))).quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
            local.mirror(claim); // as PatientQuotaHandler does for every patient Redis accepts
        }
        // What a restart without persistence leaves: nothing.
        await(redis.flushall(List.of()));

        assertThat(await(limiter.acquire(c, Optional.of(new QuotaClaim(set, "p3", 2, 60)))).quota())
                .isEqualTo(Quota.REFUSED_FIRST_TIME_TODAY);
        assertThat(await(redis.scard(set)).toInteger()).isEqualTo(2);
    }

    /** A limiter of its own instance under DMP_RATE_LIMIT_POLICY=local, with its own local guard. */
    private static RateLimiter sharing(LocalGuard local, int burst, double perSecond) {
        return new RateLimiter(redis, burst, perSecond, local,
                Optional.of(new SharedBuckets(burst, perSecond, java.time.Clock.systemUTC())));
    }

    /** Commands Redis has processed so far (this call included). */
    private static long commands() throws Exception {
        String stats = await(redis.info(List.of("stats"))).toString();
        return stats.lines().filter(l -> l.startsWith("total_commands_processed:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }

    /**
     * Local policy: the bucket decides without Redis, and a patient Redis already accepted for the professional today
     * is open without asking; a patient new to the instance is counted in Redis, exactly, across instances.
     */
    @Test
    void localBucketsAndKnownPatientsCostNoRedisCallAndTheQuotaStaysExactAcrossInstances() throws Exception {
        LocalGuard localA = new LocalGuard(1000, 1000, 2, java.time.Clock.systemUTC());
        RateLimiter a = sharing(localA, 1000, 1000);
        RateLimiter b = sharing(new LocalGuard(1000, 1000, 2, java.time.Clock.systemUTC()), 1000, 1000);
        String c = client();
        String set = "dmp:pq:it:" + UUID.randomUUID();

        long before = commands();
        for (int i = 0; i < 50; i++) {
            assertThat(await(a.acquire(c)).allowed()).isTrue();
        }
        assertThat(commands() - before).as("Redis commands for 50 requests naming no patient").isEqualTo(1);

        QuotaClaim p1 = new QuotaClaim(set, "p1", 2, 60);
        assertThat(await(a.acquire(c, Optional.of(p1))).quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        localA.mirror(p1); // as PatientQuotaHandler does for every patient Redis accepts
        before = commands();
        for (int i = 0; i < 50; i++) {
            assertThat(await(a.acquire(c, Optional.of(p1))).quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        }
        assertThat(commands() - before).as("Redis commands for 50 reads of a patient already open").isEqualTo(1);

        // The quota (2) counts in Redis for both instances: B opens a second patient, A cannot open a third.
        assertThat(await(b.acquire(c, Optional.of(new QuotaClaim(set, "p2", 2, 60)))).quota())
                .isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        assertThat(await(a.acquire(c, Optional.of(new QuotaClaim(set, "p3", 2, 60)))).quota())
                .isEqualTo(Quota.REFUSED_FIRST_TIME_TODAY);
        assertThat(await(redis.scard(set)).toInteger()).isEqualTo(2);
        // A claim made under the local policy took no token from Redis's bucket.
        assertThat(await(redis.hget(GuardKeys.bucket(c), "tokens")).toDouble()).isEqualTo(1000.0);
    }

    /**
     * Local policy, two instances serving one client: what one took reaches the other through Redis at the next
     * exchange, and both then keep only their share of what is left.
     */
    @Test
    void theBudgetIsSharedThroughRedisInTheBackground() throws Exception {
        RateLimiter a = sharing(new LocalGuard(10, 0.001, 500, java.time.Clock.systemUTC()), 10, 0.001);
        RateLimiter b = sharing(new LocalGuard(10, 0.001, 500, java.time.Clock.systemUTC()), 10, 0.001);
        String c = client();
        for (int i = 0; i < 8; i++) {
            assertThat(await(a.acquire(c)).allowed()).isTrue();
        }
        await(a.shareBuckets());
        assertThat(await(redis.hget(GuardKeys.bucket(c), "tokens")).toDouble()).isLessThan(2.01);

        // B's bucket is new: its first request goes through, and its exchange brings it down to its half of the 1 left.
        assertThat(await(b.acquire(c)).allowed()).isTrue();
        await(b.shareBuckets());
        assertThat(await(b.acquire(c)).allowed()).as("B after learning what A took").isFalse();
        // A learns at its next exchange that B served the client too, and keeps half of what is left.
        assertThat(await(a.acquire(c)).allowed()).isTrue();
        await(a.shareBuckets());
        assertThat(await(a.acquire(c)).allowed()).isFalse();
        assertThat(await(redis.hget(GuardKeys.bucket(c), "tokens")).toDouble()).isLessThan(0.01);
    }
}
