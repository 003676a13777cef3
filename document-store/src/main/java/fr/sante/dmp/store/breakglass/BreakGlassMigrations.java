package fr.sante.dmp.store.breakglass;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;

/**
 * The break-glass grants' migrations (classpath:db/breakglass) with their own history table, applied after the
 * store's (they reference {@code record}). Blocking: call from a worker thread only.
 */
public final class BreakGlassMigrations {
    static final String HISTORY_TABLE = "flyway_history_breakglass";

    private BreakGlassMigrations() {
    }

    public static int apply(PgConnectOptions pg) {
        String url = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/"
                + URLEncoder.encode(pg.getDatabase(), StandardCharsets.UTF_8);
        return Flyway.configure()
                .dataSource(url, pg.getUser(), pg.getPassword())
                .locations("classpath:db/breakglass")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
