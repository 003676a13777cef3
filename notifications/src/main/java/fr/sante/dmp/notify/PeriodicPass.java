package fr.sante.dmp.notify;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Background work on a Vert.x timer (non-blocking SQL only): a pass every {@code interval}, skipped while the previous
 * one still runs, so a slow pass never piles up behind itself. The owner reports each outcome (its log lines).
 */
public final class PeriodicPass<T> {
    private final Vertx vertx;
    private final Duration interval;
    private final Supplier<Future<T>> pass;
    private final Handler<AsyncResult<T>> report;
    private long timer = -1;
    private boolean running;

    public PeriodicPass(Vertx vertx, Duration interval, Supplier<Future<T>> pass, Handler<AsyncResult<T>> report) {
        this.vertx = vertx;
        this.interval = interval;
        this.pass = pass;
        this.report = report;
    }

    public synchronized void start() {
        if (timer < 0) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> tick());
        }
    }

    public synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void tick() {
        synchronized (this) {
            if (running) {
                return;
            }
            running = true;
        }
        Future<T> done;
        try {
            done = pass.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        done.onComplete(ar -> {
            synchronized (this) {
                running = false;
            }
            report.handle(ar);
        });
    }
}
