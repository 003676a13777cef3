package fr.sante.dmp.store;

import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.pgclient.PgConnectOptions;

/** Applies the store's migrations to a test database without starting the store (tests of one package only). */
public final class TestSchema {
    private TestSchema() {
    }

    public static int migrate(TestDatabase db) {
        PgConnectOptions pg = PgConnectOptions.fromUri(db.pgUri());
        return Migrations.apply(pg) + fr.sante.dmp.store.audit.AuditMigrations.apply(pg);
    }
}
