package fr.sante.dmp.notify.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "full jitter": delay drawn uniformly in [base*2^(n-1)/2, base*2^(n-1)], capped. The jitter
 * spreads a wave of failures (an SMSC outage during a campaign) so that retries do not all land at the same second.
 */
public record Backoff(Duration base, Duration max) {

    public double delaySeconds(int attempt) {
        double ceiling = Math.min(max.toMillis(), base.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        double floor = ceiling / 2;
        return (floor + ThreadLocalRandom.current().nextDouble() * (ceiling - floor)) / 1000.0;
    }
}
