package fr.sante.dmp.store;

import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.pgclient.PgConnectOptions;

/** Applies the store's migrations to a test database without starting the store (tests of one package only). */
public final class TestSchema {
    private TestSchema() {
    }

    /** Applies the store's and the audit chain's migrations; returns how many of the store's ran. */
    public static int migrate(TestDatabase db) {
        PgConnectOptions pg = PgConnectOptions.fromUri(db.pgUri());
        int applied = Migrations.apply(pg);
        fr.sante.dmp.store.audit.AuditMigrations.apply(pg); // the keyed chain's marker (audit_chain), beside them
        return applied;
    }
}
