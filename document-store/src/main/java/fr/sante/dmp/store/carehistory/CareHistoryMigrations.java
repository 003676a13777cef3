package fr.sante.dmp.store.carehistory;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;

/**
 * The care history's own migrations (classpath:db/carehistory) with their own history table, applied after the store's.
 * Blocking: call from a worker thread only (the store's start-up runs it in the same executeBlocking as its own).
 */
public final class CareHistoryMigrations {
    static final String HISTORY_TABLE = "flyway_history_carehistory";

    private CareHistoryMigrations() {
    }

    /** Applies pending migrations; returns how many ran. */
    public static int apply(PgConnectOptions pg) {
        String url = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/"
                + URLEncoder.encode(pg.getDatabase(), StandardCharsets.UTF_8);
        return Flyway.configure()
                .dataSource(url, pg.getUser(), pg.getPassword())
                .locations("classpath:db/carehistory")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
