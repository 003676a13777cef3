package fr.sante.dmp.pwa.support;

import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.store.patient.login.PatientContact;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records each code handed to the real sender (the notifications outbox) before passing it on, so that tests can
 * count what was queued at once, without waiting for the dispatcher; browser tests read the dev inbox instead.
 * Without a delegate (the web-layer benchmark) it only records.
 */
public final class RecordingCodeSender implements CodeSender {

    public record Sent(PatientContact to, String code, String language, Purpose purpose) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final CodeSender delegate;

    public RecordingCodeSender() {
        this(null);
    }

    public RecordingCodeSender(CodeSender delegate) {
        this.delegate = delegate;
    }

    @Override
    public Future<Void> send(PatientContact to, String code, String language, Purpose purpose) {
        sent.add(new Sent(to, code, language, purpose));
        return delegate == null ? Future.succeededFuture() : delegate.send(to, code, language, purpose);
    }

    public void clear() {
        sent.clear();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The last code sent (lock notices, which carry none, aside). */
    public String lastCode() {
        List<Sent> codes = codes();
        if (codes.isEmpty()) {
            throw new AssertionError("no code was sent");
        }
        return codes.get(codes.size() - 1).code();
    }

    /** Codes sent (lock notices aside). */
    public int count() {
        return codes().size();
    }

    /** Notices that code requests for an identity are refused for a while. */
    public List<Sent> lockNotices() {
        return sent.stream().filter(s -> s.purpose() == Purpose.LOGIN_LOCKED).toList();
    }

    /** Copies of opposition receipts. */
    public List<Sent> receipts() {
        return sent.stream().filter(s -> s.purpose() == Purpose.OPPOSITION_RECEIPT).toList();
    }

    private List<Sent> codes() {
        return sent.stream().filter(s -> s.purpose() != Purpose.LOGIN_LOCKED
                && s.purpose() != Purpose.OPPOSITION_RECEIPT && s.purpose() != Purpose.CONTACT_CHANGED).toList();
    }
}
