package fr.sante.dmp.store;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;

/**
 * The store's schema migrations (classpath:db/store). They have their own history table because the notifications
 * module runs its own Flyway in the same database. Blocking: call from a worker thread only.
 */
final class Migrations {
    private Migrations() {
    }

    static int apply(PgConnectOptions pg) {
        return Flyway.configure()
                .dataSource(jdbcUrl(pg), pg.getUser(), pg.getPassword())
                .locations("classpath:db/store")
                .table("flyway_history_store")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /** {@code postgresql://user:pw@host:port/db} as JDBC wants it; credentials go apart, not in the URL. */
    static String jdbcUrl(PgConnectOptions pg) {
        return "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/"
                + URLEncoder.encode(pg.getDatabase(), StandardCharsets.UTF_8);
    }
}
