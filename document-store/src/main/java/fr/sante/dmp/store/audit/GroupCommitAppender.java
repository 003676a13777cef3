package fr.sante.dmp.store.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
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

    private final Vertx vertx;
    private final Pool pool;
    private final AuditLog log;
    private final Object lock = new Object();
    private List<Pending> queue = new ArrayList<>();
    private boolean flushing;
    /** The head as the last batch left it, or null when unknown; read and written only by the batch in flight. */
    private AuditLog.Head head;

    public GroupCommitAppender(Vertx vertx, Pool pool, AuditLog log) {
        this.vertx = vertx;
        this.pool = pool;
        this.log = log;
    }

    /** Completes, on the caller's context, once the entry is committed. */
    public Future<Void> append(AuditEvent event) {
        Promise<Void> promise = Promise.promise();
        Context context = vertx.getOrCreateContext();
        synchronized (lock) {
            queue.add(new Pending(event, promise, context));
        }
        flushIfIdle();
        return promise.future();
    }

    private void flushIfIdle() {
        List<Pending> batch;
        synchronized (lock) {
            if (flushing || queue.isEmpty()) {
                return;
            }
            flushing = true;
            if (queue.size() <= MAX_BATCH) {
                batch = queue;
                queue = new ArrayList<>();
            } else {
                batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
                queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
            }
        }
        List<AuditEvent> events = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            events.add(p.event);
        }
        Future<AuditLog.Head> committed;
        try {
            AuditLog.Head expected = head;
            committed = expected == null ? locked(events) : log.appendIfHead(pool, expected, events)
                    .compose(moved -> moved.isPresent() ? Future.succeededFuture(moved.get()) : locked(events));
        } catch (RuntimeException e) {
            committed = Future.failedFuture(e);
        }
        committed.onComplete(ar -> {
            head = ar.succeeded() ? ar.result() : null;
            for (Pending p : batch) {
                p.complete(ar.failed() ? ar.cause() : null);
            }
            synchronized (lock) {
                flushing = false;
            }
            flushIfIdle();
        });
    }

    private Future<AuditLog.Head> locked(List<AuditEvent> events) {
        return pool.withTransaction(tx -> log.lockHead(tx).compose(locked -> log.appendAfter(tx, locked, events)));
    }

    private record Pending(AuditEvent event, Promise<Void> promise, Context context) {
        void complete(Throwable failure) {
            if (Vertx.currentContext() == context) {
                settle(failure);
            } else {
                context.runOnContext(v -> settle(failure));
            }
        }

        private void settle(Throwable failure) {
            if (failure == null) {
                promise.complete();
            } else {
                promise.fail(failure);
            }
        }
    }
}
