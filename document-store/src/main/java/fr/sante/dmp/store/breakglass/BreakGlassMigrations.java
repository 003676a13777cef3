package fr.sante.dmp.store.breakglass;

import fr.sante.dmp.store.Migrations;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The break-glass grants' migrations (classpath:db/breakglass) with their own history table, applied after the
 * store's (they reference {@code record}). Blocking: call from a worker thread only.
 */
public final class BreakGlassMigrations {
    static final String HISTORY_TABLE = "flyway_history_breakglass";

    private BreakGlassMigrations() {
    }

    public static int apply(PgConnectOptions pg) {
        return Migrations.apply(pg, "classpath:db/breakglass", HISTORY_TABLE);
    }
}
