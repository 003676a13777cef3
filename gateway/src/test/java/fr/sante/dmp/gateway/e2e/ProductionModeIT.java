package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.config.ConfigException;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.KeysConfig;
import fr.sante.dmp.gateway.config.Mode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DMP_MODE=production (the default with an external database) refuses to start with what only fits a developer's
 * machine, naming each variable to fix; /metrics can leave the public port for a listener of its own.
 */
class ProductionModeIT {

    private static String key() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void productionRefusesTheDevelopmentIssuerTheDevInboxAndPublicMetricsBeforeStartingAnything(@TempDir Path dir) {
        GatewayConfig config = GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dir.toString(),
                GatewayConfig.HTTP_PORT, "0", Mode.VARIABLE, "production"));

        assertThatThrownBy(() -> Platform.start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DMP_MODE=production refuses to start")
                .hasMessageContaining(GatewayConfig.OIDC_ISSUER)
                .hasMessageContaining(GatewayConfig.SMPP_URL)
                .hasMessageContaining(GatewayConfig.METRICS_PORT);
        assertThat(dir.resolve("pg")).as("no embedded database started").doesNotExist();
    }

    @Test
    void anExternalDatabaseMeansProductionWhichRefusesATrustDatabaseAndARedisWithoutPassword(@TempDir Path dir)
            throws Exception {
        EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true).start();
        int redisPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            redisPort = s.getLocalPort();
        }
        redis.embedded.RedisServer open = redis.embedded.RedisServer.newRedisServer().port(redisPort)
                .bind("127.0.0.1").setting("save \"\"").build();
        open.start();
        try {
            Map<String, String> env = new HashMap<>();
            env.put(GatewayConfig.DATA_DIR, dir.resolve("data").toString());
            env.put(GatewayConfig.HTTP_PORT, "0");
            env.put(GatewayConfig.PG_URL, "postgresql://postgres:any@127.0.0.1:" + trusting.getPort() + "/postgres");
            // A password in the URL that the server never asks for.
            env.put(GatewayConfig.REDIS_URL, "redis://:claimed@127.0.0.1:" + redisPort);
            env.put(GatewayConfig.OIDC_ISSUER, "https://auth.esante.example/realms/psc");
            env.put(GatewayConfig.SMTP_URL, "smtp://127.0.0.1:2525?from=dmp@example.org");
            env.put(GatewayConfig.METRICS_PORT, "0");
            for (String name : new String[] {GatewayConfig.MASTER_KEY, GatewayConfig.INS_HASH_KEY,
                    GatewayConfig.NOTIFY_KEY, GatewayConfig.PWA_SECRET, KeysConfig.AUDIT_SIGNING_KEY,
                    KeysConfig.AUDIT_CHAIN_KEY}) {
                env.put(name, key());
            }
            GatewayConfig config = GatewayConfig.load(env);
            assertThat(config.mode()).isEqualTo(Mode.PRODUCTION);

            assertThatThrownBy(() -> Platform.start(config)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(GatewayConfig.PG_URL + ": the database let us in with a wrong password")
                    .hasMessageContaining(GatewayConfig.REDIS_URL + ": Redis answers without a password")
                    .hasMessageNotContaining(GatewayConfig.OIDC_ISSUER)
                    .hasMessageNotContaining("claimed").hasMessageNotContaining("any@");
        } finally {
            open.stop();
            trusting.close();
        }
    }

    @Test
    void metricsOnAPortOfTheirOwnLeaveThePublicPort(@TempDir Path dir) throws Exception {
        Platform platform = Platform.start(GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dir.toString(),
                GatewayConfig.HTTP_PORT, "0", GatewayConfig.HTTP_HOST, "127.0.0.1", GatewayConfig.INBOX_PORT, "0",
                GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false", GatewayConfig.METRICS_PORT, "0")));
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx);
            int metricsPort = platform.metricsPort().orElseThrow();
            assertThat(metricsPort).isNotEqualTo(platform.httpPort());
            var scrape = Dmp.await(client.get(metricsPort, "127.0.0.1", "/metrics").send());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.bodyAsString()).contains("# TYPE");
            var publicPort = Dmp.await(client.get(platform.httpPort(), "127.0.0.1", "/metrics").send());
            assertThat(publicPort.statusCode()).isEqualTo(404);
            assertThat(publicPort.bodyAsString()).doesNotContain("# TYPE");
            // The listener is on loopback only (DMP_METRICS_HOST's default).
            assertThat(platform.config().metricsHost()).isEqualTo("127.0.0.1");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            platform.close();
        }
        assertThat(Files.exists(dir)).isTrue();
    }
}
