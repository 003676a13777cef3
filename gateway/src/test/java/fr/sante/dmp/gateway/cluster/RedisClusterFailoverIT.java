package fr.sante.dmp.gateway.cluster;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.gateway.RedisConnections;
import fr.sante.dmp.gateway.config.RedisMode;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.gateway.guard.Pseudonyms;
import fr.sante.dmp.gateway.guard.SmsCaps;
import fr.sante.dmp.gateway.ratelimit.GuardKeys;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.gateway.ratelimit.RateLimiter.Quota;
import fr.sante.dmp.gateway.ratelimit.RateLimiter.QuotaClaim;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.login.OneTimeCodes;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Redis guards against a real six-node Redis Cluster on loopback ({@code reliability/redis-cluster.sh}), through
 * the client the platform builds for DMP_REDIS_MODE=cluster: the scripts run (no CROSSSLOT), and the rate limit, the
 * patient quota, the SMS caps, the sessions and the one-time codes keep working through a master failover, first a
 * manual one and then a kill -9. During a failover a call may fail (the platform then counts alone or answers 503:
 * fail closed); it must never give a wrong answer, and the error window is measured and printed.
 *
 * <p>Tagged {@code redis-cluster} and left out of the default build (about a minute, six redis-server processes):
 * {@code ./mvnw -B -o -pl gateway -am verify -Dit.test=RedisClusterFailoverIT -Dit.excludedGroups=none ...}.
 */
@Tag("redis-cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterFailoverIT {
    private static final String DAY = LocalDate.now(ZoneOffset.UTC).toString();
    private static final int PATIENTS_PER_DAY = 3;
    private static final int SMS_PER_NUMBER = 2;
    private static LoopbackRedisCluster cluster;
    private static Vertx vertx;
    private static Redis client;
    private static RedisAPI redis;
    private static Guards guards;

    /** The components under test, built as the platform builds them. */
    private record Guards(RateLimiter limiter, SmsCaps sms, SessionStore sessions, OneTimeCodes codes,
            Pseudonyms numbers) {
    }

    @BeforeAll
    static void start() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret, 0, 12);
        int base = 17000 + (int) (ProcessHandle.current().pid() % 400) * 10;
        cluster = LoopbackRedisCluster.start(Files.createTempDirectory("redis-cluster-it"), base, password);
        // A build killed mid-test (timeout, Ctrl-C) must not leave six redis-server processes behind.
        LoopbackRedisCluster started = cluster;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception e) {
                // best effort at JVM exit
            }
        }));
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, RedisConnections.options(cluster.urls(), RedisMode.CLUSTER, "mymaster",
                Optional.empty()).setMaxPoolSize(16).setMaxPoolWaiting(1024));
        redis = RedisAPI.api(client);
        await(redis.ping(List.of()));
        PwaConfig pwa = PwaConfig.defaults(secret);
        Hmac hmac = new Hmac(secret);
        guards = new Guards(
                new RateLimiter(redis, 1_000_000, 1_000_000, new LocalGuard(1_000_000, 1_000_000, PATIENTS_PER_DAY,
                        Clock.systemUTC())),
                new SmsCaps(redis, new Pseudonyms(secret, "sms"), SMS_PER_NUMBER, 1_000_000, Clock.systemUTC()),
                new SessionStore(redis, pwa, hmac), new OneTimeCodes(redis, pwa, hmac), new Pseudonyms(secret, "sms"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void theOldKeyLayoutCrossedSlotsAndTheTaggedOneRuns() throws Exception {
        // What the SMS script sent before: refused by the cluster (or by the client before it), never run.
        Throwable crossed = awaitFailure(redis.eval(List.of("return redis.call('INCR', KEYS[2])", "2",
                "dmp:sms:n:abc:" + DAY, "dmp:sms:budget:" + DAY)));
        assertThat(crossed.getMessage()).containsIgnoringCase("slot");

        RateLimiter small = new RateLimiter(redis, 3, 1.0, new LocalGuard(3, 1.0, PATIENTS_PER_DAY, Clock.systemUTC()));
        String rpps = rpps();
        for (int i = 0; i < 3; i++) {
            assertThat(await(small.acquire("rpps:" + rpps)).allowed()).isTrue();
        }
        assertThat(await(small.acquire("rpps:" + rpps)).allowed()).as("the bucket refuses past its burst").isFalse();

        Fixture f = fixture(cluster.shardOf(GuardKeys.slot(SmsCaps.budgetKey(DAY))));
        assertThat(f.round(guards)).isEqualTo(Round.RIGHT);
    }

    @Test
    @Order(2)
    void everyGuardKeepsWorkingThroughAManualFailover() throws Exception {
        LoopbackRedisCluster.Shard shard = cluster.shardOf(GuardKeys.slot(SmsCaps.budgetKey(DAY)));
        Fixture f = fixture(shard);
        cluster.awaitReplicated(shard);
        Window w = through(f, shard, () -> cluster.manualFailover(shard));
        System.out.println("REDIS CLUSTER manual failover (CLUSTER FAILOVER on the replica of :" + shard.port()
                + "): " + w);
        assertThat(w.wrong()).as("wrong answers (a guard that let through what it should refuse)").isZero();
        assertThat(w.recovered()).as("every guard answers right again after the failover").isTrue();
        assertThat(cluster.isMaster(shard.replicaPort())).isTrue();
    }

    @Test
    @Order(3)
    void everyGuardKeepsWorkingThroughAMasterKilled() throws Exception {
        LoopbackRedisCluster.Shard shard = cluster.shardOf(GuardKeys.slot(SmsCaps.budgetKey(DAY)));
        Fixture f = fixture(shard);
        cluster.awaitReplicated(shard);
        Window w = through(f, shard, () -> cluster.kill(shard));
        System.out.println("REDIS CLUSTER kill -9 of master :" + shard.port() + ": " + w);
        assertThat(w.wrong()).as("wrong answers (a guard that let through what it should refuse)").isZero();
        assertThat(w.recovered()).as("every guard answers right again after the failover").isTrue();
        assertThat(cluster.isMaster(shard.replicaPort())).isTrue();
    }

    private interface Fault {
        void inject() throws Exception;
    }

    enum Round { RIGHT, FAILED, WRONG }

    /** How the guards fared through one fault. */
    record Window(long errorMillis, int failed, int wrong, int rounds, boolean recovered) {
        @Override
        public String toString() {
            return "error window " + errorMillis + " ms, " + failed + " of " + rounds + " rounds failed, " + wrong
                    + " wrong, recovered=" + recovered;
        }
    }

    /**
     * Rounds of every guard every 50 ms: one second before the fault, then until 20 right rounds in a row after the
     * replica became master (at most 40 s). The window runs from the start of the first failed round to the end of
     * the last one.
     */
    private static Window through(Fixture f, LoopbackRedisCluster.Shard shard, Fault fault) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(40);
        long firstFail = -1;
        long lastFail = -1;
        int failed = 0;
        int wrong = 0;
        int rounds = 0;
        int rightInARow = 0;
        boolean injected = false;
        boolean promoted = false;
        while (System.nanoTime() < deadline && !(promoted && rightInARow >= 20)) {
            if (!injected && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(1)) {
                fault.inject();
                injected = true;
            }
            long t0 = System.nanoTime();
            Round r = f.round(guards);
            long t1 = System.nanoTime();
            rounds++;
            if (r == Round.RIGHT) {
                rightInARow++;
            } else {
                rightInARow = 0;
                failed += r == Round.FAILED ? 1 : 0;
                wrong += r == Round.WRONG ? 1 : 0;
                firstFail = firstFail < 0 ? t0 : firstFail;
                lastFail = t1;
            }
            promoted = promoted || (injected && cluster.isMaster(shard.replicaPort()));
            Thread.sleep(50);
        }
        long window = firstFail < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(lastFail - firstFail);
        return new Window(window, failed, wrong, rounds, promoted && rightInARow >= 20);
    }

    /**
     * State set up on one master before its fault, each key chosen to hash to one of its slots: a professional at the
     * day's quota, a phone number at its SMS cap, a live session, a login subject for one-time codes. The shard must
     * serve the day's SMS slot (every number of a day counts there).
     */
    private static Fixture fixture(LoopbackRedisCluster.Shard shard) throws Exception {
        assertThat(shard.serves(GuardKeys.slot(SmsCaps.budgetKey(DAY)))).as("the shard of the day's SMS counters")
                .isTrue();
        String rpps;
        int tries = 0;
        do {
            rpps = rpps();
            assertThat(++tries).as("a professional on the shard (a third of them are)").isLessThan(10_000);
        } while (!shard.serves(GuardKeys.slot(GuardKeys.bucket("rpps:" + rpps))));
        String set = GuardKeys.patientsOfDay(rpps, DAY);
        for (int i = 0; i < PATIENTS_PER_DAY; i++) {
            assertThat(await(guards.limiter().acquire("rpps:" + rpps, claim(set, "p" + i))).quota())
                    .isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        }
        // Every number of the day counts in the day's slot, checked above.
        String phone = "+336" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        for (int i = 0; i < SMS_PER_NUMBER; i++) {
            assertThat(await(guards.sms().take(phone)).send()).isTrue();
        }
        PatientSession session;
        tries = 0;
        do {
            assertThat(++tries).as("a session on the shard").isLessThan(1_000);
            session = await(guards.sessions().create(Ins.parse(ins()), LocalDate.of(1980, 1, 1),
                    PatientSession.Kind.WEB));
        } while (!shard.serves(GuardKeys.slot("pwa:s:" + Hmac.sha256(session.id()))));
        String subject;
        tries = 0;
        do {
            assertThat(++tries).as("a login subject on the shard").isLessThan(10_000);
            subject = Long.toHexString(ThreadLocalRandom.current().nextLong());
        } while (!shard.serves(GuardKeys.slot("pwa:otp:login:" + subject)));
        return new Fixture(rpps, set, phone, session.id(), subject);
    }

    private record Fixture(String rpps, String set, String phone, String session, String subject) {
        /** Every guard once, in parallel, each given a second; FAILED if any call failed, WRONG if any answer was. */
        Round round(Guards g) {
            Future<Boolean> known = g.limiter().acquire("rpps:" + rpps, claim(set, "p0"))
                    .map(v -> v.allowed() && v.quota() == Quota.NOT_COUNTED_OR_ALLOWED);
            Future<Boolean> beyond = g.limiter().acquire("rpps:" + rpps, claim(set, "new-" + System.nanoTime()))
                    .map(v -> v.quota() == Quota.REFUSED || v.quota() == Quota.REFUSED_FIRST_TIME_TODAY);
            Future<Boolean> capped = g.sms().take(phone).map(v -> !v.send());
            Future<Boolean> live = g.sessions().find(session).map(Optional::isPresent);
            Future<Boolean> code = g.codes().issue("login", subject)
                    .compose(c -> g.codes().check("login", subject, c))
                    .map(check -> check == OneTimeCodes.Check.OK);
            List<Future<Boolean>> all = List.of(known, beyond, capped, live, code);
            try {
                Future.join(all).toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // judged below, call by call
            }
            boolean failed = false;
            for (Future<Boolean> f : all) {
                if (!f.isComplete() || f.failed()) {
                    failed = true;
                } else if (!f.result()) {
                    return Round.WRONG;
                }
            }
            return failed ? Round.FAILED : Round.RIGHT;
        }
    }

    private static Optional<QuotaClaim> claim(String set, String member) {
        return Optional.of(new QuotaClaim(set, member, PATIENTS_PER_DAY, 172_800));
    }

    private static String rpps() {
        return Long.toString(10_000_000_000L + ThreadLocalRandom.current().nextLong(89_999_999_999L));
    }

    /** A valid INS (NIR with its key) of a synthetic person. */
    private static String ins() {
        return "185057512345673";
    }

    private static Throwable awaitFailure(Future<?> f) throws Exception {
        try {
            await(f);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
