package fr.sante.dmp.pwa.export;

import fr.sante.dmp.consent.Ins;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many exports this process builds at once: {@code atOnce} in all (each holds a worker of the export pool and up
 * to one document in memory), and one per record (a second tap on the button while the first download runs builds
 * nothing). A request past either is answered 429 at once, never queued.
 */
final class ExportGate {
    private final int atOnce;
    private final AtomicInteger running = new AtomicInteger();
    private final Set<Ins> records = ConcurrentHashMap.newKeySet();

    ExportGate(int atOnce) {
        this.atOnce = atOnce;
    }

    /** True if an export of this record may start now; the caller must then {@link #release} it exactly once. */
    boolean tryAcquire(Ins record) {
        if (running.incrementAndGet() > atOnce) {
            running.decrementAndGet();
            return false;
        }
        if (!records.add(record)) {
            running.decrementAndGet();
            return false;
        }
        return true;
    }

    void release(Ins record) {
        records.remove(record);
        running.decrementAndGet();
    }

    int running() {
        return running.get();
    }
}
