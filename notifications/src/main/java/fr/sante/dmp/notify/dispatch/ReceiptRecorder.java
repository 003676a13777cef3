package fr.sante.dmp.notify.dispatch;

import fr.sante.dmp.notify.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable, batched recording of receipts (SMPP delivery receipts, e-mail bounces). Callers wait for their receipt to
 * be committed before acknowledging it to the provider, so a crash never loses one. While one insert is in flight the
 * next receipts accumulate and go in the following insert (group commit): one round trip carries many receipts.
 * Thread-safe: jSMPP calls it from its own threads.
 */
public final class ReceiptRecorder {
    private record Pending(String providerId, boolean delivered, String detail, Promise<Void> done) {
    }

    private final OutboxStore store;
    private final List<Pending> queue = new ArrayList<>();
    private boolean flushing;

    public ReceiptRecorder(OutboxStore store) {
        this.store = store;
    }

    /** @param detail technical status only (receipt state, error code, SMTP reply), never personal data */
    public Future<Void> record(String providerId, boolean delivered, String detail) {
        Promise<Void> done = Promise.promise();
        boolean start;
        synchronized (this) {
            queue.add(new Pending(providerId, delivered, detail, done));
            start = !flushing;
            flushing = true;
        }
        if (start) {
            flush();
        }
        return done.future();
    }

    private void flush() {
        List<Pending> batch;
        synchronized (this) {
            batch = new ArrayList<>(queue);
            queue.clear();
            if (batch.isEmpty()) {
                flushing = false;
                return;
            }
        }
        List<String> ids = new ArrayList<>(batch.size());
        List<Boolean> delivered = new ArrayList<>(batch.size());
        List<String> details = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            ids.add(p.providerId());
            delivered.add(p.delivered());
            details.add(p.detail());
        }
        store.insertReceipts(ids, delivered, details).onComplete(ar -> {
            for (Pending p : batch) {
                p.done().handle(ar);
            }
            flush();
        });
    }
}
