package fr.sante.dmp.store.audit;

import fr.sante.dmp.store.Migrations;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The audit chain's own migrations (classpath:db/audit), with their own history table, applied after the store's
 * (they read {@code audit_head}). Blocking: call from a worker thread only.
 */
public final class AuditMigrations {
    static final String HISTORY_TABLE = "flyway_history_audit";

    private AuditMigrations() {
    }

    public static int apply(PgConnectOptions pg) {
        return Migrations.apply(pg, "classpath:db/audit", HISTORY_TABLE);
    }
}
