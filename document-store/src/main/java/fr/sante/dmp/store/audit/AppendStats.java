package fr.sante.dmp.store.audit;

import java.util.concurrent.atomic.LongAdder;

/**
 * The group-commit appender's figures since start, for the metrics: entries and batches (their ratio is the mean batch
 * size), and the append lag, from an entry's submission to its commit (the reply waits for it), summed in nanoseconds.
 */
public final class AppendStats {
    private final LongAdder entries = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder lagNanos = new LongAdder();

    void batch(int size) {
        batches.increment();
        entries.add(size);
    }

    void committed(long lag) {
        lagNanos.add(lag);
    }

    public long entries() {
        return entries.sum();
    }

    public long batches() {
        return batches.sum();
    }

    /** Sum over committed entries of the time from submission to commit, in seconds. */
    public double lagSeconds() {
        return lagNanos.sum() / 1e9;
    }
}
