package fr.sante.dmp.notify;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Group commit: while one batch is in flight, submitted items queue up; when it ends, each caller gets its outcome
 * and the queue leaves as the next batch. An idle queue adds no delay; a busy one shares one transaction (BEGIN,
 * audit head lock, COMMIT and its WAL flush) among everything that arrived meanwhile. A failed batch fails every
 * item in it. Callers may submit from any context, or from a thread of their own (the SMPP and mail transports'
 * completions); each outcome is delivered on the caller's context. Every event loop's HTTP verticle submits to the
 * audit's (one audit chain, one transaction per batch), so there is no lock: a lock-free queue and one flag saying a
 * batch is in flight (issue 17). The one group commit of the platform: the audit log, deposits, and the dispatcher's
 * outcomes and receipts.
 *
 * @param <I> what a caller submits
 * @param <O> what it gets back once its batch has committed
 */
public final class GroupCommit<I, O> {
    private final Vertx vertx;
    private final int maxBatch;
    private final Function<List<I>, Future<List<O>>> flush;
    private final Queue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    /**
     * @param maxBatch at most this many items per batch
     * @param flush    runs one batch; its list holds one outcome per item, in order
     */
    public GroupCommit(Vertx vertx, int maxBatch, Function<List<I>, Future<List<O>>> flush) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.vertx = vertx;
        this.maxBatch = maxBatch;
        this.flush = flush;
    }

    /** Completes, on the caller's context, once the item's batch has ended. */
    public Future<O> submit(I item) {
        Promise<O> promise = Promise.promise();
        Context context = vertx.getOrCreateContext();
        queue.add(new Pending<>(item, promise, context));
        flushIfIdle();
        return promise.future();
    }

    private void flushIfIdle() {
        List<Pending<I, O>> batch = new ArrayList<>();
        // Whoever sets the flag drains; an item queued while the flag was being cleared is seen by the re-check.
        while (batch.isEmpty()) {
            if (queue.isEmpty() || !flushing.compareAndSet(false, true)) {
                return;
            }
            Pending<I, O> p;
            while (batch.size() < maxBatch && (p = queue.poll()) != null) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                flushing.set(false);
            }
        }
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> p : batch) {
            items.add(p.item);
        }
        Future<List<O>> done;
        try {
            done = flush.apply(items);
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        done.onComplete(ar -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(ar, i);
            }
            flushing.set(false);
            flushIfIdle();
        });
    }

    private record Pending<I, O>(I item, Promise<O> promise, Context context) {
        void complete(AsyncResult<List<O>> batch, int index) {
            if (Vertx.currentContext() == context) {
                settle(batch, index);
            } else {
                context.runOnContext(v -> settle(batch, index));
            }
        }

        private void settle(AsyncResult<List<O>> batch, int index) {
            if (batch.failed()) {
                promise.fail(batch.cause());
            } else {
                promise.complete(batch.result().get(index));
            }
        }
    }
}
