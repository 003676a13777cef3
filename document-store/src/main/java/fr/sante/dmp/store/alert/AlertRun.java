package fr.sante.dmp.store.alert;

/**
 * What one pass of the feed did.
 *
 * @param entries audit entries the cursor moved past
 * @param alerts  alerts enqueued (an alert already enqueued by an earlier, redone batch counts again: the outbox
 *                keeps one)
 */
public record AlertRun(long entries, long alerts) {
    public static final AlertRun NONE = new AlertRun(0, 0);

    AlertRun plus(AlertBatch.Result r) {
        return new AlertRun(entries + r.taken(), alerts + r.alerts());
    }
}
