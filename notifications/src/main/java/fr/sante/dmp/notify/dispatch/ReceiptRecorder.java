package fr.sante.dmp.notify.dispatch;

import fr.sante.dmp.notify.GroupCommit;
import fr.sante.dmp.notify.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Durable, batched recording of receipts (SMPP delivery receipts, e-mail bounces). Callers wait for their receipt to
 * be committed before acknowledging it to the provider, so a crash never loses one. While one insert is in flight the
 * next receipts accumulate and go in the following insert (group commit): one round trip carries many receipts.
 * Thread-safe: jSMPP calls it from its own threads.
 */
public final class ReceiptRecorder {
    private record Receipt(String providerId, boolean delivered, String detail) {
    }

    /** Receipts waiting while one insert is in flight, at most this many per insert. */
    private static final int MAX_BATCH = 1_000;

    private final GroupCommit<Receipt, Void> commits;

    public ReceiptRecorder(Vertx vertx, OutboxStore store) {
        this.commits = new GroupCommit<>(vertx, MAX_BATCH, batch -> {
            List<String> ids = new ArrayList<>(batch.size());
            List<Boolean> delivered = new ArrayList<>(batch.size());
            List<String> details = new ArrayList<>(batch.size());
            for (Receipt r : batch) {
                ids.add(r.providerId());
                delivered.add(r.delivered());
                details.add(r.detail());
            }
            return store.insertReceipts(ids, delivered, details)
                    .map(v -> Collections.nCopies(batch.size(), (Void) null));
        });
    }

    /** @param detail technical status only (receipt state, error code, SMTP reply), never personal data */
    public Future<Void> record(String providerId, boolean delivered, String detail) {
        return commits.submit(new Receipt(providerId, delivered, detail));
    }
}
