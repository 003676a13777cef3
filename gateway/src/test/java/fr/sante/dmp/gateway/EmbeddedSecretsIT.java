package fr.sante.dmp.gateway;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.dev.EmbeddedPostgresServer;
import fr.sante.dmp.dev.EmbeddedRedisServer;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL and Redis ask for the passwords generated in DMP_DATA_DIR/keys (0600): a local user without
 * them gets nothing; and production mode's probes tell a trusting database and a password-less Redis from ours.
 */
@ExtendWith(VertxExtension.class)
class EmbeddedSecretsIT {
    private static Vertx vertx;

    @BeforeAll
    static void vertx(Vertx vertx) {
        EmbeddedSecretsIT.vertx = vertx;
    }

    private static boolean connects(String uri, String password) {
        try {
            PgConnectOptions options = PgConnectOptions.fromUri(uri);
            if (password != null) {
                options.setPassword(password);
            }
            await(PgConnection.connect(vertx, options)).close();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void embeddedPostgresAsksForItsGeneratedPasswordAcrossRestarts(@TempDir Path dataDir) throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir, false);
        try {
            Path file = dataDir.resolve("keys").resolve(EmbeddedPostgresServer.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file).trim();
            assertThat(password).matches("[0-9a-f]{32}");
            assertThat(pg.uri()).contains(":" + password + "@");

            assertThat(connects(pg.uri(), null)).as("with the generated password").isTrue();
            assertThat(connects(pg.uri(), "postgres")).as("the old fixed password").isFalse();
            assertThat(connects(pg.uri(), "wrong-" + password)).as("a wrong password").isFalse();
            assertThat(await(ServiceProbes.trustedDatabase(vertx, pg.uri()))).isFalse();
            // What the dmp commands use to reach a running platform's database.
            assertThat(EmbeddedServices.runningPostgresUri(dataDir)).contains(pg.uri());
        } finally {
            pg.close();
        }
        // Second start on the same data directory: zonky's readiness check and clients give the password.
        EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, false);
        try {
            assertThat(connects(again.uri(), null)).isTrue();
            assertThat(connects(again.uri(), "postgres")).isFalse();
        } finally {
            again.close();
        }
    }

    @Test
    void aDataDirectoryOfAnEarlierVersionStopsTrustingAtItsNextStart(@TempDir Path dataDir) throws Exception {
        // zonky's own initdb, as the earlier versions left it: trust for every local user.
        EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg"))
                .setCleanDataDirectory(false).start();
        int oldPort = old.getPort();
        old.close();
        assertThat(oldPort).isPositive();

        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir, false);
        try {
            assertThat(connects(pg.uri(), null)).isTrue();
            assertThat(connects(pg.uri(), "postgres")).isFalse();
        } finally {
            pg.close();
        }
    }

    @Test
    void aTrustingDatabaseIsWhatTheProductionProbeFinds(@TempDir Path dir) throws Exception {
        EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
        try {
            String uri = "postgresql://postgres:secret@127.0.0.1:" + trusting.getPort() + "/postgres";
            assertThat(await(ServiceProbes.trustedDatabase(vertx, uri))).isTrue();
        } finally {
            trusting.close();
        }
    }

    @Test
    void embeddedRedisRefusesAClientWithoutItsPassword(@TempDir Path dataDir) throws Exception {
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(dataDir);
        Redis anonymous = null;
        Redis authenticated = null;
        try {
            Path file = dataDir.resolve("keys").resolve(EmbeddedRedisServer.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String uri = redis.uri();
            assertThat(uri).startsWith("redis://:" + Files.readString(file).trim() + "@127.0.0.1:");

            anonymous = Redis.createClient(vertx, "redis://" + uri.substring(uri.indexOf('@') + 1));
            Redis a = anonymous;
            assertThat(await(a.send(Request.cmd(Command.PING)).map(r -> "answered").recover(e ->
                    Future.succeededFuture(e.getMessage())))).startsWith("NOAUTH");
            authenticated = Redis.createClient(vertx, uri);
            assertThat(await(authenticated.send(Request.cmd(Command.PING))).toString()).isEqualTo("PONG");
            assertThat(await(ServiceProbes.openRedis(vertx, uri, java.util.Optional.empty()))).isFalse();
        } finally {
            if (anonymous != null) {
                anonymous.close();
            }
            if (authenticated != null) {
                authenticated.close();
            }
            redis.close();
        }
    }

    @Test
    void aRedisWithoutPasswordIsWhatTheProductionProbeFinds() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis.embedded.RedisServer open = redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").build();
        open.start();
        try {
            assertThat(await(ServiceProbes.openRedis(vertx, "redis://:claimed@127.0.0.1:" + port,
                    java.util.Optional.empty()))).isTrue();
        } finally {
            open.stop();
        }
    }
}
