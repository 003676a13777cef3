package fr.sante.dmp.notify.support;

import fr.sante.dmp.notify.Notifications;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded PostgreSQL per test JVM (the suite), migrated once; tests truncate between cases. */
public final class TestDatabase {
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Notifications.migrate(jdbcUrl(), "postgres", "postgres");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    public static String jdbcUrl() {
        return postgres().getJdbcUrl("postgres", "postgres");
    }

    public static Pool pool(Vertx vertx, int size) {
        PgConnectOptions connect = new PgConnectOptions().setHost("localhost").setPort(postgres().getPort())
                .setDatabase("postgres").setUser("postgres").setPassword("postgres").setCachePreparedStatements(true);
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connect).using(vertx).build();
    }

    public static void truncate() {
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE outbox_message, outbox_provider_ref, outbox_receipt");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
