package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.RedisConnections;
import fr.sante.dmp.gateway.config.ConfigException;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.KeysConfig;
import fr.sante.dmp.gateway.config.Mode;
import fr.sante.dmp.gateway.guard.PatientQuota;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * DMP_REDIS_URL {@code rediss://} (security review, item 4: "DMP_REDIS_URL supports AUTH and TLS"), against a real
 * Redis (the embedded binary, built with TLS) that this test starts on loopback with TLS only (no plain port), a
 * password, and a certificate of a CA the test generates, naming only {@code localhost}. The gateway keeps its
 * sessions, buckets and quotas there; only the authority of DMP_REDIS_CA and the server's name are trusted; and
 * production mode's probe connects as the platform does, so that a TLS Redis without password is refused.
 */
class RedisTlsIT {
    private static Path dir;
    private static Path caPem;
    private static Path strangerPem;
    private static TlsRedis tlsRedis;
    private static Platform platform;
    private static Vertx vertx;
    private static Dmp dmp;

    /** A Redis speaking TLS only, on loopback (127.0.0.1 and ::1 where there is one). */
    private record TlsRedis(RedisServer server, int port, Optional<String> password) {
        static TlsRedis start(TestCa.Issued certificate, Optional<String> password, Path workDir) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            RedisServer server = RedisServer.newRedisServer()
                    .port(0) // no plain TCP at all
                    .bind("127.0.0.1 -::1")
                    .setting("dir " + Files.createDirectories(workDir))
                    .setting("tls-port " + port)
                    .setting("tls-cert-file " + certificate.certificate())
                    .setting("tls-key-file " + certificate.key())
                    .setting("tls-auth-clients no")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .settingIf(password.isPresent(), "requirepass " + password.orElse(""))
                    .build();
            server.start();
            return new TlsRedis(server, port, password);
        }

        String uri(String host) {
            return "rediss://" + password.map(p -> ":" + p + "@").orElse("") + host + ":" + port;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dmp-redis-tls-it-");
        TestCa ca = new TestCa(dir, "Redis TLS test CA");
        caPem = ca.certificatePem();
        strangerPem = new TestCa(dir, "Stranger CA").certificatePem();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        tlsRedis = TlsRedis.start(ca.server("localhost"), Optional.of(HexFormat.of().formatHex(secret)),
                dir.resolve("redis"));
        Map<String, String> env = new HashMap<>();
        env.put(GatewayConfig.DATA_DIR, dir.resolve("data").toString());
        env.put(GatewayConfig.HTTP_PORT, "0");
        env.put(GatewayConfig.HTTP_HOST, "127.0.0.1");
        env.put(GatewayConfig.INBOX_PORT, "0");
        env.put(GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false");
        env.put(GatewayConfig.PUBLIC_URL, "https://espace-sante.test");
        env.put(GatewayConfig.REDIS_URL, tlsRedis.uri("localhost"));
        env.put(GatewayConfig.REDIS_CA, caPem.toString());
        platform = Platform.start(GatewayConfig.load(env));
        vertx = Vertx.vertx();
        dmp = new Dmp(platform, vertx, WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(platform.httpPort())));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            if (platform != null) {
                platform.close();
            }
            tlsRedis.server().stop();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theGatewayKeepsItsLimitsQuotasAndSessionsInARedisItReachesOverTlsOnly() {
        String ins = dmp.activePatient();
        String rpps = Identities.rpps();
        String physician = dmp.inCare(dmp.physician(rpps), ins);
        assertThat(dmp.list(physician, ins).statusCode()).isEqualTo(200);
        TestPatient patient = TestPatient.registered(dmp);
        HttpResponse<Buffer> me = dmp.get("/api/v1/me", patient.login(dmp));
        assertThat(me.statusCode()).as(me.bodyAsString()).isEqualTo(200);

        // They are in the TLS Redis (the only port it has): the professional's bucket and day of patients.
        String day = PatientQuota.key(rpps, LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(Dmp.await(send(tlsRedis.uri("localhost"), Optional.of(caPem), Request.cmd(Command.EXISTS)
                .arg(fr.sante.dmp.gateway.ratelimit.GuardKeys.bucket("rpps:" + rpps)))).toInteger()).isEqualTo(1);
        assertThat(Dmp.await(send(tlsRedis.uri("localhost"), Optional.of(caPem), Request.cmd(Command.SCARD).arg(day)))
                .toInteger()).isEqualTo(1);
    }

    @Test
    void onlyTheConfiguredAuthorityAndTheServersNameAreTrusted() {
        assertThat(Dmp.await(ping(tlsRedis.uri("localhost"), Optional.of(caPem))).toString()).isEqualTo("PONG");
        assertThat(ping(tlsRedis.uri("localhost"), Optional.of(strangerPem)))
                .as("a certificate of another authority").satisfies(RedisTlsIT::fails);
        assertThat(ping(tlsRedis.uri("localhost"), Optional.empty()))
                .as("the JVM's trust store does not hold the test CA").satisfies(RedisTlsIT::fails);
        assertThat(ping(tlsRedis.uri("127.0.0.1"), Optional.of(caPem)))
                .as("the certificate names localhost, not this address").satisfies(RedisTlsIT::fails);
        assertThat(ping(tlsRedis.uri("localhost").replace("rediss://", "redis://"), Optional.of(caPem)))
                .as("plain TCP to the TLS port").satisfies(RedisTlsIT::fails);
    }

    /**
     * Production mode's probe of "a Redis that answers without a password" connected without TLS settings: it could
     * not shake hands with a TLS Redis, judged nothing, and a TLS Redis without password passed. It connects as the
     * platform does now.
     */
    @Test
    void productionRefusesATlsRedisWithoutPassword() throws Exception {
        TestCa ca = new TestCa(dir, "Open Redis CA");
        TlsRedis open = TlsRedis.start(ca.server("localhost"), Optional.empty(), dir.resolve("open-redis"));
        try (EmbeddedPostgres db = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("production-pg"))
                .setCleanDataDirectory(true).start()) {
            Map<String, String> env = new HashMap<>();
            env.put(GatewayConfig.DATA_DIR, dir.resolve("production").toString());
            env.put(GatewayConfig.HTTP_PORT, "0");
            env.put(GatewayConfig.PG_URL, "postgresql://postgres:any@127.0.0.1:" + db.getPort() + "/postgres");
            // A password in the URL that the server never asks for.
            env.put(GatewayConfig.REDIS_URL, "rediss://:claimed@localhost:" + open.port());
            env.put(GatewayConfig.REDIS_CA, ca.certificatePem().toString());
            env.put(GatewayConfig.OIDC_ISSUER, "https://auth.esante.example/realms/psc");
            env.put(GatewayConfig.SMTP_URL, "smtp://127.0.0.1:2525?from=dmp@example.org");
            env.put(GatewayConfig.METRICS_PORT, "0");
            for (String name : new String[] {GatewayConfig.MASTER_KEY, GatewayConfig.INS_HASH_KEY,
                    GatewayConfig.NOTIFY_KEY, GatewayConfig.PWA_SECRET, KeysConfig.AUDIT_SIGNING_KEY,
                    KeysConfig.AUDIT_CHAIN_KEY}) {
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                env.put(name, Base64.getEncoder().encodeToString(k));
            }
            GatewayConfig config = GatewayConfig.load(env);
            assertThat(config.mode()).isEqualTo(Mode.PRODUCTION);

            assertThatThrownBy(() -> Platform.start(config)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(GatewayConfig.REDIS_URL + ": Redis answers without a password")
                    .hasMessageNotContaining("claimed");
        } finally {
            open.server().stop();
        }
    }

    @Test
    void aRedisAuthorityNeedsATlsRedisAndAFileWeCanRead() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(GatewayConfig.REDIS_URL, "redis://:p@cache:6379",
                GatewayConfig.REDIS_CA, caPem.toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(GatewayConfig.REDIS_CA);
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(GatewayConfig.REDIS_URL, "rediss://:p@cache:6380",
                GatewayConfig.REDIS_CA, dir.resolve("missing.pem").toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(GatewayConfig.REDIS_CA).hasMessageContaining("cannot read");
    }

    private static Future<Response> ping(String uri, Optional<Path> ca) {
        return send(uri, ca, Request.cmd(Command.PING));
    }

    /** One command on a client of its own, made with the gateway's own connection options. */
    private static Future<Response> send(String uri, Optional<Path> ca, Request request) {
        Redis client = Redis.createClient(vertx, RedisConnections.options(uri, ca));
        return client.send(request).timeout(10, TimeUnit.SECONDS).eventually(() -> {
            client.close();
            return Future.succeededFuture();
        });
    }

    private static void fails(Future<Response> f) {
        assertThatThrownBy(() -> Dmp.await(f)).isNotNull();
    }
}
