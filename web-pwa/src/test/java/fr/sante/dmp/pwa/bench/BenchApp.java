package fr.sante.dmp.pwa.bench;

import fr.sante.dmp.pwa.support.EmbeddedRedis;
import fr.sante.dmp.pwa.support.RecordingCodeSender;
import fr.sante.dmp.pwa.support.TestApp;

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

/** The patient space over HTTP with real Redis and the in-memory patient service: the web layer alone, for the benchmark. */
public final class BenchApp implements AutoCloseable {

    public final Vertx vertx = Vertx.vertx();
    public final FakePatients patients = new FakePatients(Clock.systemUTC());
    public final RecordingCodeSender codes = new RecordingCodeSender();
    public final RedisAPI redis;
    public final PatientSpace space;
    private final HttpServer server;

    public BenchApp(PwaConfig config) {
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:" + EmbeddedRedis.port())
                // What the gateway should configure too (see docs/patient-space.md): the defaults (6 connections,
                // 24 waiting) overflow under a few dozen concurrent logins.
                .setMaxPoolSize(16).setMaxPoolWaiting(4096));
        this.redis = RedisAPI.api(client);
        TestApp.await(redis.flushall(List.of()));
        this.space = new PatientSpace(vertx, redis, patients.services(), patients, codes, config);
        this.server = TestApp.await(vertx.createHttpServer().requestHandler(space.router()).listen(0, "127.0.0.1"));
    }

    public int port() {
        return server.actualPort();
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        TestApp.await(vertx.close());
    }
}
