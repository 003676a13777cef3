package fr.sante.dmp.gateway.seed;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Once a second on stderr: persons committed, rows/s (last second and average) and the ETA. */
final class ProgressLine implements AutoCloseable {
    private final PrintStream out;
    private final long total;
    private final long start = System.nanoTime();
    private final AtomicLong persons = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final ScheduledExecutorService timer;
    private long lastRows;
    private long lastNanos = start;

    ProgressLine(PrintStream out, long total) {
        this.out = out;
        this.total = total;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seed-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    }

    void committed(long batchPersons, long batchRows) {
        persons.addAndGet(batchPersons);
        rows.addAndGet(batchRows);
    }

    synchronized void print() {
        long now = System.nanoTime();
        long p = persons.get();
        long r = rows.get();
        double seconds = (now - start) / 1e9;
        double recent = (r - lastRows) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastRows = r;
        lastNanos = now;
        double personsRate = p / Math.max(1e-9, seconds);
        long eta = personsRate > 0 ? (long) ((total - p) / personsRate) : -1;
        out.printf(Locale.ROOT, "seed: %,d/%,d persons (%.1f %%)  %,.0f rows/s (avg %,.0f)  %,.0f persons/s  "
                        + "elapsed %s  ETA %s%n", p, total, total == 0 ? 100.0 : 100.0 * p / total, recent,
                r / Math.max(1e-9, seconds), personsRate, clock((long) seconds), eta < 0 ? "?" : clock(eta));
        out.flush();
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
