package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipelined transaction's promise: all of its statements or none, {@code commit} succeeding only if each did, and
 * the connection back in the pool outside any transaction whatever failed. The pool holds one connection, so a
 * connection left inside a transaction (open or aborted) would show on the very next statement.
 */
@ExtendWith({EmbeddedPostgresExtension.class, VertxExtension.class})
class PipelinedTransactionIT {
    private static TestDatabase db;
    private static Pool pool;

    @BeforeAll
    static void start(Vertx vertx, TestDatabase database) throws Exception {
        db = database;
        sql("CREATE TABLE IF NOT EXISTS deposit_line (title text PRIMARY KEY)");
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(PgConnectOptions.fromUri(db.pgUri())).using(vertx).build();
    }

    @AfterAll
    static void stop() throws Exception {
        await(pool.close());
    }

    @BeforeEach
    void empty() throws SQLException {
        sql("TRUNCATE deposit_line");
    }

    @Test
    void everyStatementAndTheCommitSucceedingStoresThemAll() throws Exception {
        String result = await(PipelinedTransaction.run(pool, tx -> tx.commit(List.of(insert(tx, "report"),
                insert(tx, "letter"))).map("done")));

        assertThat(result).isEqualTo("done");
        assertThat(stored()).containsExactlyInAnyOrder("report", "letter");
        assertConnectionOutsideAnyTransaction();
    }

    @Test
    void aFailedStatementBeforeTheCommitFailsTheCommitAndStoresNothing() throws Exception {
        Throwable failed = failure(PipelinedTransaction.run(pool, tx -> tx.commit(List.of(insert(tx, "report"),
                insert(tx, "report"), insert(tx, "letter")))));

        assertThat(failed).isInstanceOf(PgException.class).hasMessageContaining("duplicate key");
        assertThat(stored()).isEmpty();
        assertConnectionOutsideAnyTransaction();
    }

    @Test
    void aBodyFailingBeforeItCommitsRollsBackWhatItSent() throws Exception {
        Throwable failed = failure(PipelinedTransaction.run(pool, tx -> insert(tx, "report")
                .compose(v -> Future.failedFuture(new IllegalStateException("key did not open")))));

        assertThat(failed).hasMessage("key did not open");
        assertThat(stored()).isEmpty();
        assertConnectionOutsideAnyTransaction();
    }

    @Test
    void aBodyThrowingBeforeItCommitsRollsBackWhatItSent() throws Exception {
        Throwable failed = failure(PipelinedTransaction.<Void>run(pool, tx -> {
            insert(tx, "report");
            throw new IllegalStateException("bad batch");
        }));

        assertThat(failed).hasMessage("bad batch");
        assertThat(stored()).isEmpty();
        assertConnectionOutsideAnyTransaction();
    }

    @Test
    void theStatementsRunWithGenericPlansOnlyInsideTheTransaction() throws Exception {
        String inside = await(PipelinedTransaction.run(pool, tx -> {
            Future<String> mode = tx.connection().query("SHOW plan_cache_mode").execute()
                    .map(rows -> rows.iterator().next().getString(0));
            return tx.commit(List.of(mode)).compose(v -> mode);
        }));

        assertThat(inside).isEqualTo("force_generic_plan");
        assertThat(await(pool.query("SHOW plan_cache_mode").execute()).iterator().next().getString(0))
                .isEqualTo("auto");
    }

    @Test
    void aConnectionLostBeforeTheCommitFailsTheRunStoresNothingAndThePoolServesAgain() throws Exception {
        Throwable failed = failure(PipelinedTransaction.run(pool, tx -> insert(tx, "report")
                .compose(v -> connectionLost(tx))
                .compose(v -> tx.commit(List.of(insert(tx, "letter"))))));

        assertThat(failed).isNotNull();
        assertThat(stored()).isEmpty();
        assertPoolServesAgainOutsideAnyTransaction();
    }

    @Test
    void aConnectionLostWithTheCommitQueuedFailsTheCommitAndStoresNothing() throws Exception {
        Throwable failed = failure(PipelinedTransaction.run(pool, tx -> tx.commit(List.of(insert(tx, "report"),
                connectionLost(tx), insert(tx, "letter")))));

        assertThat(failed).isNotNull();
        assertThat(stored()).isEmpty();
        assertPoolServesAgainOutsideAnyTransaction();
    }

    /** The server ends the transaction's connection, as a restart or a network cut would. */
    private static Future<?> connectionLost(PipelinedTransaction tx) {
        return tx.connection().query("SELECT pg_terminate_backend(pg_backend_pid())").execute();
    }

    /**
     * The pool drops the dead connection once its socket is seen closed, which may come just after the failure is
     * reported: the probe is retried for a bounded time, and must then succeed outside any transaction.
     */
    private static void assertPoolServesAgainOutsideAnyTransaction() throws Exception {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                await(pool.query("SELECT 1").execute());
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the pool serves no statement after a lost connection", e);
                }
                Thread.sleep(20);
            }
        }
        assertConnectionOutsideAnyTransaction();
    }

    private static Future<?> insert(PipelinedTransaction tx, String title) {
        return tx.connection().preparedQuery("INSERT INTO deposit_line (title) VALUES ($1)").execute(Tuple.of(title));
    }

    /**
     * The pool's only connection takes a write that another session sees at once: it would be refused in an aborted
     * transaction and invisible in an open one.
     */
    private static void assertConnectionOutsideAnyTransaction() throws Exception {
        await(pool.preparedQuery("INSERT INTO deposit_line (title) VALUES ($1)").execute(Tuple.of("probe")));
        assertThat(stored()).contains("probe");
        sql("DELETE FROM deposit_line WHERE title = 'probe'");
    }

    private static List<String> stored() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT title FROM deposit_line")) {
            java.util.ArrayList<String> titles = new java.util.ArrayList<>();
            while (rs.next()) {
                titles.add(rs.getString(1));
            }
            return titles;
        }
    }

    /** Fails fast rather than waiting forever behind a transaction a broken rollback left open. */
    private static void sql(String statement) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '5s'");
            s.execute(statement);
        }
    }
}
