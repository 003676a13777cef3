package fr.sante.dmp.store.audit;

import fr.sante.dmp.notify.GroupCommit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Collections;
import java.util.List;

/**
 * Appends the audit entries of reads by group commit: while one transaction is in flight, entries queue up; when it
 * commits, every waiting caller is acknowledged and the queue leaves as the next transaction. An idle appender adds no
 * delay, a busy one amortizes BEGIN/lock/COMMIT over hundreds of entries. A caller replies only once its entry is
 * committed; a failed transaction fails every entry in it (and the callers fail closed).
 * <p>
 * The appender remembers the head it left: while no other writer moved it, the next batch is one statement without
 * BEGIN, head lock or COMMIT ({@link AuditLog#appendIfHead}); when the head moved (a deposit, another instance) or a
 * checkpoint is due, the batch is appended under the head's lock in a transaction, as before.
 */
public final class GroupCommitAppender {
    static final int MAX_BATCH = 1000;

    private final Pool pool;
    private final AuditLog log;
    private final GroupCommit<AuditEvent, Void> group;
    /** The head as the last batch left it, or null when unknown; read and written only by the batch in flight. */
    private AuditLog.Head head;

    public GroupCommitAppender(Vertx vertx, Pool pool, AuditLog log) {
        this.pool = pool;
        this.log = log;
        this.group = new GroupCommit<>(vertx, MAX_BATCH, this::appendBatch);
    }

    private final AppendStats stats = new AppendStats();

    /** Completes, on the caller's context, once the entry is committed. */
    public Future<Void> append(AuditEvent event) {
        long submitted = System.nanoTime();
        return group.submit(event).onSuccess(v -> stats.committed(System.nanoTime() - submitted));
    }

    /** Batch sizes and append lag since start (metrics). */
    public AppendStats stats() {
        return stats;
    }

    private Future<List<Void>> appendBatch(List<AuditEvent> events) {
        stats.batch(events.size());
        AuditLog.Head expected = head;
        Future<AuditLog.Head> committed = expected == null ? locked(events) : log.appendIfHead(pool, expected, events)
                .compose(moved -> moved.isPresent() ? Future.succeededFuture(moved.get()) : locked(events));
        return committed.transform(ar -> {
            head = ar.succeeded() ? ar.result() : null;
            return ar.succeeded() ? Future.succeededFuture(Collections.nCopies(events.size(), null))
                    : Future.failedFuture(ar.cause());
        });
    }

    private Future<AuditLog.Head> locked(List<AuditEvent> events) {
        return pool.withTransaction(tx -> log.lockHead(tx).compose(locked -> log.appendAfter(tx, locked, events)));
    }
}
