package fr.sante.dmp.store;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class MigrationsIT {

    @Test
    void migrationsApplyOnceIntoTheirOwnHistoryTableBesideAnotherModulesSchema(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // Another module's tables already there (notifications runs its own Flyway in the same database).
            s.execute("CREATE TABLE flyway_history_notify (installed_rank int)");
            s.execute("CREATE TABLE outbox (id bigint)");
        }

        int pending = migrationsOnClasspath(db);
        assertThat(pending).isPositive();
        assertThat(TestSchema.migrate(db)).isEqualTo(pending);
        assertThat(TestSchema.migrate(db)).isZero();

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("record", "consent_settings", "blocked_professional", "express_consent",
                    "document", "document_content", "audit_log", "audit_head", "flyway_history_store", "outbox");
            try (ResultSet rs = s.executeQuery("SELECT seq, octet_length(hash) FROM audit_head")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
                assertThat(rs.getInt(2)).isEqualTo(32);
            }
        }
    }

    @Test
    void postgresUriBecomesJdbcUrlWithoutCredentials() {
        PgConnectOptions pg = PgConnectOptions.fromUri("postgresql://dmp:s3cret@db.example:6543/dmp");
        assertThat(Migrations.jdbcUrl(pg)).isEqualTo("jdbc:postgresql://db.example:6543/dmp");
        assertThat(pg.getUser()).isEqualTo("dmp");
        assertThat(pg.getPassword()).isEqualTo("s3cret");
    }

    /** The versioned migrations Flyway finds in db/store (counted, so that adding one does not edit this test). */
    private static int migrationsOnClasspath(TestDatabase db) {
        return org.flywaydb.core.Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/store").table("flyway_history_store").load().info().pending().length;
    }
}
