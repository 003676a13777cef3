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
 */
public final class GroupCommitAppender {
    static final int MAX_BATCH = 1000;

    private final Vertx vertx;
    private final Pool pool;
    private final AuditLog log;
    private final Object lock = new Object();
    private List<Pending> queue = new ArrayList<>();
    private boolean flushing;

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
        Future<Long> committed;
        try {
            committed = pool.withTransaction(tx -> log.append(tx, events));
        } catch (RuntimeException e) {
            committed = Future.failedFuture(e);
        }
        committed.onComplete(ar -> {
            for (Pending p : batch) {
                p.complete(ar.failed() ? ar.cause() : null);
            }
            synchronized (lock) {
                flushing = false;
            }
            flushIfIdle();
        });
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
