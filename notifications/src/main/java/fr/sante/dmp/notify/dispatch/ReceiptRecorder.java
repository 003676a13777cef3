package fr.sante.dmp.notify.dispatch;

import fr.sante.dmp.notify.outbox.OutboxStore;
import io.vertx.core.Future;
import java.util.ArrayList;
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

    private final GroupCommit<Receipt> commits;

    public ReceiptRecorder(OutboxStore store) {
        this.commits = new GroupCommit<>(batch -> {
            List<String> ids = new ArrayList<>(batch.size());
            List<Boolean> delivered = new ArrayList<>(batch.size());
            List<String> details = new ArrayList<>(batch.size());
            for (Receipt r : batch) {
                ids.add(r.providerId());
                delivered.add(r.delivered());
                details.add(r.detail());
            }
            return store.insertReceipts(ids, delivered, details);
        });
    }

    /** @param detail technical status only (receipt state, error code, SMTP reply), never personal data */
    public Future<Void> record(String providerId, boolean delivered, String detail) {
        return commits.add(new Receipt(providerId, delivered, detail));
    }
}
