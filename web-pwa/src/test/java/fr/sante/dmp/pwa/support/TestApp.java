package fr.sante.dmp.pwa.support;

import fr.sante.dmp.pwa.PatientSpace;
import fr.sante.dmp.pwa.PwaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The patient space served over HTTP on a free port, with real Redis and the given patient service. */
public final class TestApp implements AutoCloseable {

    public final Vertx vertx = Vertx.vertx();
    public final FakePatients patients = new FakePatients(Clock.systemUTC());
    public final RecordingCodeSender codes = new RecordingCodeSender();
    public final RedisAPI redis;
    public final PatientSpace space;
    private final HttpServer server;

    public TestApp(PwaConfig config) {
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:" + EmbeddedRedis.port())
                // What the gateway should configure too (see docs/patient-space.md): the defaults (6 connections,
                // 24 waiting) overflow under a few dozen concurrent logins.
                .setMaxPoolSize(16).setMaxPoolWaiting(4096));
        this.redis = RedisAPI.api(client);
        await(redis.flushall(List.of()));
        this.space = new PatientSpace(vertx, redis, patients, patients, codes, config);
        this.server = await(vertx.createHttpServer().requestHandler(space.router()).listen(0, "127.0.0.1"));
    }

    public static PwaConfig config() {
        return PwaConfig.defaults("0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int port() {
        return server.actualPort();
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        await(vertx.close());
    }
}
