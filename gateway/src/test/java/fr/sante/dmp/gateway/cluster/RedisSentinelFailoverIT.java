package fr.sante.dmp.gateway.cluster;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.RedisConnections;
import fr.sante.dmp.gateway.config.RedisMode;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.gateway.guard.Pseudonyms;
import fr.sante.dmp.gateway.guard.SmsCaps;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DMP_REDIS_MODE=sentinel against real processes on loopback: a master, its replica and one Sentinel (Debian's
 * redis-server run with --sentinel), all with a password. The client asks the Sentinel for the master; after
 * SENTINEL FAILOVER the replica is master and the SMS cap and the professional's quota it held still refuse. Tagged
 * {@code redis-cluster} with the cluster test: out of the default build.
 */
@Tag("redis-cluster")
class RedisSentinelFailoverIT {
    private static final String PASSWORD = "sentinel-it-" + Long.toHexString(System.nanoTime());
    private static Path dir;
    private static int base;
    private static final List<Process> processes = new ArrayList<>();
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("redis-sentinel-it");
        base = 21000 + (int) (ProcessHandle.current().pid() % 400) * 10;
        for (int i = 0; i < 2; i++) {
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(base + i), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--requirepass", PASSWORD,
                    "--masterauth", PASSWORD));
            if (i == 1) {
                cmd.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(base)));
            }
            processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + i + ".log").toFile()).start());
        }
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "port " + (base + 2) + "\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 " + base
                + " 1\nsentinel auth-pass mymaster " + PASSWORD + "\nsentinel down-after-milliseconds mymaster 2000\n"
                + "sentinel failover-timeout mymaster 10000\nrequirepass " + PASSWORD + "\n");
        processes.add(new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(dir.resolve("sentinel.log").toFile()).start());
        for (int i = 0; i < 100 && !cli(base + 1, "info", "replication").contains("master_link_status:up"); i++) {
            Thread.sleep(100);
        }
        for (int i = 0; i < 100 && !cli(base + 2, "sentinel", "replicas", "mymaster").contains(
                Integer.toString(base + 1)); i++) {
            Thread.sleep(100);
        }
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theGuardsFollowTheMasterTheSentinelNames() throws Exception {
        RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, RedisConnections.options(
                "redis://:" + PASSWORD + "@127.0.0.1:" + (base + 2), RedisMode.SENTINEL, "mymaster",
                Optional.empty())));
        byte[] secret = new byte[32];
        SmsCaps sms = new SmsCaps(redis, new Pseudonyms(secret, "sms"), 1, 1000, Clock.systemUTC());
        RateLimiter limiter = new RateLimiter(redis, 1000, 1000, new LocalGuard(1000, 1000, 1, Clock.systemUTC()));
        assertThat(await(sms.take("+33612345678")).send()).isTrue();
        assertThat(await(sms.take("+33612345678")).send()).as("the number's cap").isFalse();
        String set = fr.sante.dmp.gateway.ratelimit.GuardKeys.patientsOfDay("10001234565", "2026-12-07");
        assertThat(await(limiter.acquire("rpps:10001234565", claim(set, "a"))).quota())
                .isEqualTo(RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED);
        for (int i = 0; i < 50 && !cli(base + 1, "info", "replication").contains("slave_repl_offset:"
                + offset(cli(base, "info", "replication"))); i++) {
            Thread.sleep(100);
        }

        long start = System.nanoTime();
        cli(base + 2, "sentinel", "failover", "mymaster");
        long firstOk = -1;
        int failed = 0;
        for (int i = 0; i < 400 && firstOk < 0; i++) {
            try {
                boolean capped = !sms.take("+33612345678").toCompletionStage().toCompletableFuture()
                        .get(1, TimeUnit.SECONDS).send();
                assertThat(capped).as("the cap survived the failover").isTrue();
                if (cli(base + 1, "role").startsWith("master")) {
                    firstOk = System.nanoTime();
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                failed++;
            }
            Thread.sleep(50);
        }
        assertThat(firstOk).as("the replica became master and the client follows it").isPositive();
        System.out.println("REDIS SENTINEL failover: first right answer from the new master "
                + TimeUnit.NANOSECONDS.toMillis(firstOk - start) + " ms after SENTINEL FAILOVER, " + failed
                + " calls failed meanwhile");
        assertThat(await(limiter.acquire("rpps:10001234565", claim(set, "b"))).quota())
                .as("the professional's day survived").isIn(RateLimiter.Quota.REFUSED,
                        RateLimiter.Quota.REFUSED_FIRST_TIME_TODAY);
        assertThat(await(redis.set(List.of("dmp:it:write", "1"))).toString()).isEqualTo("OK");
    }

    private static Optional<RateLimiter.QuotaClaim> claim(String set, String member) {
        return Optional.of(new RateLimiter.QuotaClaim(set, member, 1, 172_800));
    }

    private static String offset(String info) {
        return info.lines().filter(l -> l.startsWith("master_repl_offset:")).map(l -> l.substring(19).strip())
                .findFirst().orElse("?");
    }

    private static String cli(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("REDISCLI_AUTH", PASSWORD);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-cli did not answer within 10 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
