package fr.sante.dmp.store.alert;

import java.time.Duration;

/**
 * How the alert feed runs.
 *
 * @param spaceUrl the patient space's https address, written in every alert
 * @param interval time between two passes of the feed (an access is announced at most about this late)
 * @param batch    audit entries read per transaction
 */
public record AlertOptions(String spaceUrl, Duration interval, int batch) {
    public AlertOptions {
        if (!fr.sante.dmp.notify.template.PublicLinks.acceptable(spaceUrl)) {
            throw new IllegalArgumentException("spaceUrl must be an https URL (plain http only on localhost)");
        }
        if (interval.isNegative() || interval.isZero() || batch < 1) {
            throw new IllegalArgumentException("interval and batch must be positive");
        }
    }

    /** A pass every 5 seconds, 500 entries per transaction. */
    public static AlertOptions defaults(String spaceUrl) {
        return new AlertOptions(spaceUrl, Duration.ofSeconds(5), 500);
    }

    public AlertOptions withInterval(Duration every) {
        return new AlertOptions(spaceUrl, every, batch);
    }

    public AlertOptions withBatch(int size) {
        return new AlertOptions(spaceUrl, interval, size);
    }
}
