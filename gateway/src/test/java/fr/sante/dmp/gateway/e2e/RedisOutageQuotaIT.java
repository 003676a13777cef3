package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.Guards;
import fr.sante.dmp.dev.EmbeddedRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis outage never lifts the anti-enumeration limit: professional reads go on (care) under the instance's own
 * rate limit and distinct-patient quota, whose count goes on from what the instance saw before the outage, and goes
 * back to Redis when it answers again. A real Redis (the embedded one, with its password, no persistence) is stopped
 * in the middle of the test and started again, empty.
 */
class RedisOutageQuotaIT {
    private static final int QUOTA = 5;
    private static final int BURST = 40;
    private static Path dir;
    private static Path redisDir;
    private static EmbeddedRedisServer redis;
    private static Platform platform;
    private static Vertx vertx;
    private static Dmp dmp;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dmp-redis-outage-it-");
        redisDir = dir.resolve("redis-owner");
        redis = EmbeddedRedisServer.start(redisDir);
        Map<String, String> env = new HashMap<>();
        env.put(GatewayConfig.DATA_DIR, dir.resolve("data").toString());
        env.put(GatewayConfig.HTTP_PORT, "0");
        env.put(GatewayConfig.HTTP_HOST, "127.0.0.1");
        env.put(GatewayConfig.INBOX_PORT, "0");
        env.put(GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false");
        env.put(GatewayConfig.PUBLIC_URL, "https://espace-sante.test");
        env.put(GatewayConfig.REDIS_URL, redis.uri());
        env.put(GatewayConfig.RATE_LIMIT_BURST, Integer.toString(BURST));
        env.put(GatewayConfig.RATE_LIMIT_PER_SECOND, "1");
        env.put(Guards.DISTINCT_PATIENTS_PER_DAY, Integer.toString(QUOTA));
        platform = Platform.start(GatewayConfig.load(env));
        vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(platform.httpPort()));
        dmp = new Dmp(platform, vertx, client);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            platform.close();
            redis.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void duringARedisOutageReadsGoOnUnderTheInstancesOwnQuotaAndRateLimit() throws Exception {
        String script = null;
        long drained = 0;
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < QUOTA + 1; i++) {
            patients.add(dmp.activePatient());
        }
        String physician = dmp.physician(Identities.rpps());
        // Redis up: three patients opened (counted in Redis, mirrored by the instance).
        for (String ins : patients.subList(0, 3)) {
            assertThat(dmp.list(physician, ins).statusCode()).isNotIn(429, 503);
        }

        redis.close();
        try {
            // Two more: the quota (5) is reached, counted from the three seen before the outage.
            for (String ins : patients.subList(3, QUOTA)) {
                assertThat(dmp.list(physician, ins).statusCode()).as("read during the outage").isNotIn(429, 503);
            }
            Dmp.problem(dmp.list(physician, patients.get(QUOTA)), 429, "patient-quota-exceeded");
            assertThat(dmp.list(physician, patients.get(0)).statusCode()).as("already opened today")
                    .isNotIn(429, 503);
            // A write that would count a patient new today fails closed: the quota cannot be counted without Redis.
            Dmp.problem(dmp.deposit(physician, dmp.activePatient(), Dmp.document(Dmp.CONSULTATION_NOTE, "t", "x")),
                    503, "unavailable");
            // A write to a patient already open today goes on (to the consent door, here a refusal: no care
            // relationship): the local policy's bucket decides without Redis, and the quota has nothing to count.
            assertThat(dmp.deposit(physician, patients.get(0), Dmp.document(Dmp.CONSULTATION_NOTE, "t", "x"))
                    .statusCode()).isNotIn(429, 503);
            // The rate limit holds too: another professional's burst of reads meets the instance's bucket.
            script = dmp.physician(Identities.rpps());
            int limited = 0;
            for (int i = 0; i < BURST + 10; i++) {
                HttpResponse<Buffer> r = dmp.list(script, patients.get(1));
                if (r.statusCode() == 429) {
                    Dmp.problem(r, 429, "rate-limited");
                    limited++;
                }
            }
            assertThat(limited).as("reads refused by the local bucket").isGreaterThanOrEqualTo(5);
            drained = System.nanoTime();
        } finally {
            redis = EmbeddedRedisServer.start(redisDir); // same port and password
        }
        // Redis back: the platform serves writes again (the pool reconnects).
        long deadline = System.currentTimeMillis() + 15_000;
        int status;
        do {
            status = dmp.deposit(physician, patients.get(0), Dmp.document(Dmp.CONSULTATION_NOTE, "t", "x"))
                    .statusCode();
            if (status == 503) {
                Thread.sleep(200);
            }
        } while (status == 503 && System.currentTimeMillis() < deadline);
        assertThat(status).isNotEqualTo(503);

        // What the instance counted alone went back to the Redis that restarted empty: the professional's day holds
        // the five patients (three mirrored, two opened during the outage), and the sixth is still refused, now by
        // Redis. Before, Redis started the day's count again from zero. (Under the local policy the deposit above, to
        // a patient open today, did not ask Redis; the first claim of a new patient finds Redis emptied and writes the
        // whole day back before Redis decides.)
        Dmp.problem(dmp.list(physician, patients.get(QUOTA)), 429, "patient-quota-exceeded");
        assertThat(patientsInRedis(Dmp.rppsOf(physician))).isEqualTo(QUOTA);
        assertThat(dmp.list(physician, patients.get(1)).statusCode()).isNotIn(429, 503);
        // The bucket the script drained during the outage is no fuller in Redis than it was here (1 token a second),
        // where a fresh bucket would serve the whole burst.
        int served = 0;
        HttpResponse<Buffer> r;
        while ((r = dmp.list(script, patients.get(1))).statusCode() != 429 && served <= BURST) {
            served++;
        }
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - drained);
        assertThat(elapsed).as("seconds since the burst (the check needs fewer than the burst)").isLessThan(BURST - 10);
        Dmp.problem(r, 429, "rate-limited");
        assertThat(served).as("reads served after %d s", elapsed).isLessThanOrEqualTo((int) elapsed + 2);
    }

    /**
     * Redis restarted empty (no persistence) while nobody called: the instance saw no outage, yet the professional's
     * day of patients comes back from what it mirrored (its sentinel in Redis was gone). Before, the count started
     * again from zero: a professional at the quota opened new patients.
     */
    @Test
    void aRedisRestartedEmptyBetweenTwoRequestsGetsTheDaysCountBack() throws Exception {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < QUOTA + 1; i++) {
            patients.add(dmp.activePatient());
        }
        String physician = dmp.physician(Identities.rpps());
        for (String ins : patients.subList(0, QUOTA)) {
            assertThat(dmp.list(physician, ins).statusCode()).isNotIn(429, 503);
        }
        redis.close();
        redis = EmbeddedRedisServer.start(redisDir);

        long deadline = System.currentTimeMillis() + 15_000;
        HttpResponse<Buffer> r;
        do {
            r = dmp.list(physician, patients.get(QUOTA));
        } while (r.statusCode() == 503 && System.currentTimeMillis() < deadline);
        Dmp.problem(r, 429, "patient-quota-exceeded");
        // Whether that first request met the restarted Redis or the broken connection (then the instance's own
        // count answered, and its sweep writes back within a second), Redis holds the day's patients again.
        int inRedis;
        deadline = System.currentTimeMillis() + 5_000;
        while ((inRedis = patientsInRedis(Dmp.rppsOf(physician))) < QUOTA && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(inRedis).isEqualTo(QUOTA);
        Dmp.problem(dmp.list(physician, patients.get(QUOTA)), 429, "patient-quota-exceeded");
        assertThat(dmp.list(physician, patients.get(0)).statusCode()).isNotIn(429, 503);
    }

    /** How many patients today's set of this professional holds in the real Redis. */
    private static int patientsInRedis(String rpps) {
        io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(vertx, redis.uri());
        try {
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            return Dmp.await(client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SCARD)
                    .arg(fr.sante.dmp.gateway.guard.PatientQuota.key(rpps, today)))).toInteger();
        } finally {
            client.close();
        }
    }
}
