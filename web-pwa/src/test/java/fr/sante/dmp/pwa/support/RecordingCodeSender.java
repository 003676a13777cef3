package fr.sante.dmp.pwa.support;

import fr.sante.dmp.pwa.CodeSender;
import fr.sante.dmp.store.patient.PatientContact;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test side of the CodeSender port: records what would be queued. Stands in for the notifications outbox until it is
 * merged; then browser tests read codes from the dev inbox instead.
 */
public final class RecordingCodeSender implements CodeSender {

    public record Sent(PatientContact to, String code, String language, Purpose purpose) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public Future<Void> send(PatientContact to, String code, String language, Purpose purpose) {
        sent.add(new Sent(to, code, language, purpose));
        return Future.succeededFuture();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public String lastCode() {
        if (sent.isEmpty()) {
            throw new AssertionError("no code was sent");
        }
        return sent.get(sent.size() - 1).code();
    }

    public int count() {
        return sent.size();
    }
}
