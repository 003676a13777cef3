package fr.sante.dmp.store.alert;

import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.PeriodicPass;
import fr.sante.dmp.store.crypto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts the patient chose (a professional's first access, every access, a new document), sent by following the
 * audit log rather than from the read and deposit paths: those stay as they are, with no extra statement per
 * request, and an alert is only ever about an access that was committed. Every gateway instance may run the feed:
 * the cursor row is taken {@code FOR UPDATE SKIP LOCKED}, so one instance at a time moves it. Emergency accesses are
 * not here: their notice is enqueued with the grant (package breakglass). Tests drive {@link #runOnce()}.
 */
public final class AlertFeed {
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

    private final AlertBatch batch;
    private final AlertOptions options;
    private final PeriodicPass<AlertRun> periodic;

    public AlertFeed(Vertx vertx, Pool pool, Outbox outbox, Envelope envelope, AlertOptions options) {
        this.batch = new AlertBatch(pool, outbox, envelope, options);
        this.options = options;
        this.periodic = new PeriodicPass<>(vertx, options.interval(), this::runOnce, ar -> {
            if (ar.failed()) {
                // Rolled back: the same batch is redone at the next pass.
                LOG.warn("alert feed pass failed: {}", ar.cause().toString());
            } else if (ar.result().alerts() > 0) {
                LOG.info("alert feed pass: {}", ar.result());
            }
        });
    }

    /** Starts the periodic pass (a pass is skipped while the previous one still runs). */
    public AlertFeed start() {
        periodic.start();
        return this;
    }

    public void stop() {
        periodic.stop();
    }

    /** Batches until the feed has caught up with the audit log (or another instance holds the cursor). */
    public Future<AlertRun> runOnce() {
        return drain(AlertRun.NONE);
    }

    private Future<AlertRun> drain(AlertRun total) {
        return batch.run().compose(r -> r.busy() || r.taken() < options.batch()
                ? Future.succeededFuture(total.plus(r))
                : drain(total.plus(r)));
    }
}
