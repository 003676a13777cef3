package fr.sante.dmp.store.audit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raised when the signer finds the entries since the last checkpoint broken and refuses to sign them: an ERROR line
 * (positions and a fixed reason only, never an entry's content) and a counter, exported as the metric
 * {@code dmp_audit_checkpoints_refused} and in the verifier's answer. Either means that someone wrote to the audit
 * tables: run {@code ./dmp audit verify} and treat it as a security incident.
 */
public final class AuditAlarm {
    private static final Logger LOG = LoggerFactory.getLogger(AuditAlarm.class);

    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastBrokenAt = new AtomicLong(-1);

    void refused(long brokenAt, long head, Where where) {
        refused.incrementAndGet();
        lastBrokenAt.set(brokenAt);
        LOG.error("AUDIT ALERT: the audit chain is broken at entry {} (head {}); checkpoint NOT signed ({}). Someone "
                + "wrote to the audit tables: run ./dmp audit verify", brokenAt, head, where.text);
    }

    void failed(Where where, Throwable e) {
        LOG.error("audit checkpoint not signed ({}): the entries since the last checkpoint could not be checked: {}",
                where.text, e.getClass().getSimpleName());
    }

    /** Checkpoints refused by this process since it started. */
    public long refusedCheckpoints() {
        return refused.get();
    }

    /** The broken position last found by this process's signer. */
    public Optional<Long> lastBrokenAt() {
        long at = lastBrokenAt.get();
        return at < 0 ? Optional.empty() : Optional.of(at);
    }

    /** Which signer refused (a fixed text: nothing from the database goes into the log line). */
    enum Where {
        HEAD("head checkpoint"),
        POSITION("checkpoint at a multiple of the spacing, in the appending transaction");

        final String text;

        Where(String text) {
            this.text = text;
        }
    }
}
