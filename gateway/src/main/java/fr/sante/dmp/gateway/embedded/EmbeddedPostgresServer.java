package fr.sante.dmp.gateway.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded PostgreSQL (zonky binaries) whose data directory lives under {@code dataDir/pg} and survives restarts, on a
 * port saved in {@code dataDir/pg.port}. Blocking: call it before Vert.x serves, never on an event loop.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /** {@code synchronousCommit}: a commit is acknowledged once durable (zonky's own default is off). */
    public static EmbeddedPostgresServer start(Path dataDir, boolean synchronousCommit) throws IOException {
        Path pgData = dataDir.resolve("pg");
        stopOrphan(pgData);
        int port = new PortFile(dataDir.resolve("pg.port")).choose();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false) // the platform stops it, in order, from its own hook
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setServerConfig("synchronous_commit", synchronousCommit ? "on" : "off")
                .setServerConfig("fsync", "on")
                .start();
        LOG.atInfo().addKeyValue("port", port).log("embedded PostgreSQL started");
        return new EmbeddedPostgresServer(pg, port);
    }

    /** {@code postgresql://} URI for the vertx-pg-client (trust authentication on loopback). */
    public String uri() {
        return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /**
     * A previous run killed without its shutdown hook leaves its postmaster running and holding the data directory's
     * lock; stop it (SIGTERM is a smart shutdown: its clients are gone with the dead gateway) so this run can start.
     */
    private static void stopOrphan(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
            ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(p -> {
                        LOG.atWarn().addKeyValue("pid", pid).log("stopping a PostgreSQL left running by an earlier run");
                        p.destroy();
                        try {
                            p.onExit().get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            p.destroyForcibly();
                        }
                    });
        } catch (IOException | RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.toString()).log("cannot read postmaster.pid; starting anyway");
        }
    }
}
