package fr.sante.dmp.store;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;

/**
 * Schema migrations of the store (classpath:db/store) and of its features that keep their own migration sets (care
 * history, break-glass grants). Each set has its own history table because several modules run Flyway in the same
 * database. Blocking: call from a worker thread only.
 */
public final class Migrations {
    private Migrations() {
    }

    static int apply(PgConnectOptions pg) {
        return apply(pg, "classpath:db/store", "flyway_history_store");
    }

    /**
     * The notifications module's own migrations (its history table, its owner): the patient views read its
     * {@code outbox_sent} view to know an invitation's deadline from the first second it is sent, so the store makes
     * sure that read contract exists before it serves. Idempotent with the notifications module's own run.
     */
    static int notificationsReadContract(PgConnectOptions pg) {
        fr.sante.dmp.notify.Notifications.migrate(jdbcUrl(pg), pg.getUser(), pg.getPassword());
        return 0;
    }

    /** Applies the pending migrations of one set; returns how many ran. */
    public static int apply(PgConnectOptions pg, String location, String historyTable) {
        return Flyway.configure()
                .dataSource(jdbcUrl(pg), pg.getUser(), pg.getPassword())
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /** {@code postgresql://user:pw@host:port/db} as JDBC wants it; credentials go apart, not in the URL. */
    public static String jdbcUrl(PgConnectOptions pg) {
        return "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/"
                + URLEncoder.encode(pg.getDatabase(), StandardCharsets.UTF_8);
    }
}
