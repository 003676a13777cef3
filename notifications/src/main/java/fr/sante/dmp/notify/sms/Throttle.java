package fr.sante.dmp.notify.sms;

import java.util.concurrent.TimeUnit;

/**
 * Paces submit_sm to the provider's contractual rate (messages per second, counted per part as SMSCs do).
 * Called on SMPP sender worker threads only, where sleeping is allowed. 0 = no limit.
 */
final class Throttle {
    private final long intervalNanos;
    private long next;

    Throttle(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
    }

    void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now;
            }
            wait = next - now;
            next += intervalNanos;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
