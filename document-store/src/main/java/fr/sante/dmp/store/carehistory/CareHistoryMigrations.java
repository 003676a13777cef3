package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.Migrations;
import io.vertx.pgclient.PgConnectOptions;

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
        return Migrations.apply(pg, "classpath:db/carehistory", HISTORY_TABLE);
    }
}
