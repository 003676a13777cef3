package fr.sante.dmp.dev;

import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.devservices.PortFile;
import fr.sante.dmp.devservices.ServicePasswords;
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
 *
 * <p>zonky's initdb trusts every local user. At its first start (and at the first start of a data directory made by
 * an earlier version) the {@code postgres} role gets the password generated in {@code dataDir/keys/pg.password}
 * (0600), and {@code pg_hba.conf} is replaced by {@link #HBA}: scram-sha-256 for every connection, local socket
 * included. From then on zonky's own readiness check and every client (the platform, the {@code dmp} commands, the
 * load kit's psql and pgbench with {@code PGPASSWORD}) give that password.
 */
public final class EmbeddedPostgresServer implements DevServices.Service {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String PASSWORD_FILE = ServicePasswords.PG_FILE;
    static final String HBA = """
            # Written by the DMP gateway: every connection gives the password in DMP_DATA_DIR/keys/pg.password.
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final int port;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port, String password) {
        this.postgres = postgres;
        this.port = port;
        this.password = password;
    }

    /** {@code synchronousCommit}: a commit is acknowledged once durable (zonky's own default is off). */
    public static EmbeddedPostgresServer start(Path dataDir, boolean synchronousCommit) throws IOException {
        Path pgData = dataDir.resolve("pg");
        stopOrphan(pgData);
        int port = new PortFile(dataDir.resolve("pg.port")).choose();
        String password = ServicePasswords.servicePassword(dataDir, PASSWORD_FILE);
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
                .setServerConfig("password_encryption", "scram-sha-256")
                .setConnectConfig("password", password) // zonky's readiness check connects too
                .start();
        try {
            requirePassword(pg, pgData, password);
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
        LOG.atInfo().addKeyValue("port", port).log("embedded PostgreSQL started");
        return new EmbeddedPostgresServer(pg, port, password);
    }

    /** Sets the role's password and stops trusting, once per data directory (then pg_hba.conf is already ours). */
    private static void requirePassword(EmbeddedPostgres pg, Path pgData, String password) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba, StandardCharsets.US_ASCII).equals(HBA)) {
            return;
        }
        try (java.sql.Connection c = pg.getPostgresDatabase().getConnection();
                java.sql.Statement s = c.createStatement()) {
            // Hex only (ServicePasswords): nothing to escape in the literal.
            s.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
            Files.writeString(hba, HBA, StandardCharsets.US_ASCII);
            s.execute("SELECT pg_reload_conf()");
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot set the embedded PostgreSQL's password: " + e.getMessage(), e);
        }
        LOG.atInfo().log("embedded PostgreSQL now asks for the password in keys/" + PASSWORD_FILE);
    }

    /** {@code postgresql://} URI for the vertx-pg-client, with the generated password. */
    @Override
    public String uri() {
        return DevServices.postgresUri(port, password);
    }

    public int port() {
        return port;
    }

    /** The {@code postgres} role's generated password (JDBC clients: the seed and its benchmark). */
    public String password() {
        return password;
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
