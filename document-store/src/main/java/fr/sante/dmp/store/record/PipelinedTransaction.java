package fr.sante.dmp.store.record;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A transaction whose BEGIN and COMMIT travel in the same round trips as the statements around them. The client's
 * {@code Transaction} sends COMMIT only once every earlier statement has answered, one more round trip during which
 * the audit head stays locked; a deposit's whole transaction takes two round trips here instead of seven
 * ({@code git show baafc61:docs/BENCHMARKS.md}, "Deposit path after profiling").
 * <p>
 * Atomicity is PostgreSQL's own: once a statement fails, the transaction is aborted and the queued COMMIT ends it
 * as a rollback. So {@link #commit} succeeds only if every statement given to it and the COMMIT itself succeeded.
 * A failure before COMMIT was queued ends with a ROLLBACK before the connection goes back to the pool; once COMMIT
 * was queued it ends the transaction whatever happened before it, and a ROLLBACK behind it would only earn a
 * "there is no transaction in progress" warning and one more round trip ({@code git show
 * baafc61:docs/BENCHMARKS.md}, "Deposit path, session 3").
 */
final class PipelinedTransaction {
    /**
     * BEGIN, and generic plans for the transaction's statements, in one simple-query message. Their parameters are
     * arrays of the batch (INS hashes, rows) whose sizes vary, for which PostgreSQL's cost guess keeps choosing a custom
     * plan: the records' read with its consent snapshot was planned again for every batch (0.4 ms of planning for
     * 0.3 ms of execution), as the list was before its client was set to generic plans (docs/BENCHMARKS.md).
     */
    static final String BEGIN = "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan";

    private final SqlConnection connection;
    private boolean commitQueued;

    private PipelinedTransaction(SqlConnection connection) {
        this.connection = connection;
    }

    /** Runs {@code body} between a pipelined BEGIN and the COMMIT it queues itself with {@link #commit}. */
    static <T> Future<T> run(Pool pool, Function<PipelinedTransaction, Future<T>> body) {
        return pool.withConnection(conn -> {
            PipelinedTransaction tx = new PipelinedTransaction(conn);
            Future<?> begin = conn.query(BEGIN).execute();
            Future<T> work;
            try {
                work = body.apply(tx);
            } catch (RuntimeException e) {
                work = Future.failedFuture(e);
            }
            Future<T> done = work;
            return Future.all(begin, done).map(v -> done.result())
                    // In order on the connection: the ROLLBACK runs after whatever is still in flight.
                    .recover(e -> tx.commitQueued ? Future.failedFuture(e)
                            : conn.query("ROLLBACK").execute().transform(ignored -> Future.failedFuture(e)));
        });
    }

    /** The transaction's connection, for the statements of the body. */
    SqlConnection connection() {
        return connection;
    }

    /**
     * Queues COMMIT behind everything already sent on the connection; succeeds only if each of {@code statements}
     * succeeded too (after a failed statement PostgreSQL answers COMMIT with a rollback, not an error).
     */
    Future<Void> commit(List<? extends Future<?>> statements) {
        List<Future<?>> all = new ArrayList<>(statements.size() + 1);
        all.addAll(statements);
        commitQueued = true;
        all.add(connection.query("COMMIT").execute());
        return Future.all(all).mapEmpty();
    }
}
