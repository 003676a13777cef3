package fr.sante.dmp.notify.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: while one write is in flight, the next items accumulate and go in the following write, so one round
 * trip carries many items and each caller learns when its own item is committed. Thread-safe: transports complete on
 * their own threads (jSMPP, the mail client).
 */
final class GroupCommit<T> {
    private record Pending<T>(T item, Promise<Void> done) {
    }

    private final Function<List<T>, Future<?>> write;
    private final List<Pending<T>> queue = new ArrayList<>();
    private boolean flushing;

    GroupCommit(Function<List<T>, Future<?>> write) {
        this.write = write;
    }

    /** Completes when {@code item} is committed; fails with the write's failure. */
    Future<Void> add(T item) {
        Promise<Void> done = Promise.promise();
        boolean start;
        synchronized (this) {
            queue.add(new Pending<>(item, done));
            start = !flushing;
            flushing = true;
        }
        if (start) {
            flush();
        }
        return done.future();
    }

    private void flush() {
        List<Pending<T>> batch;
        synchronized (this) {
            batch = new ArrayList<>(queue);
            queue.clear();
            if (batch.isEmpty()) {
                flushing = false;
                return;
            }
        }
        List<T> items = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            items.add(p.item());
        }
        write.apply(items).onComplete(ar -> {
            for (Pending<T> p : batch) {
                p.done().handle(ar.mapEmpty());
            }
            flush();
        });
    }
}
