package fr.sante.dmp.notify.dispatch;

import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.outbox.OutboxStore;
import fr.sante.dmp.notify.outbox.Outcome;
import fr.sante.dmp.notify.template.RenderedMessage;
import fr.sante.dmp.notify.template.TemplateCatalog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages from the outbox to the providers. Per channel, {@code loopsPerChannel} loops each repeat
 * claim (one UPDATE ... FOR UPDATE SKIP LOCKED) → send all concurrently → record all outcomes (one statement).
 * Everything runs on this verticle's event loop through futures; blocking transports use their own worker threads.
 * A periodic sweep returns expired leases to the queue and applies delivery receipts.
 */
public final class Dispatcher extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final OutboxStore store;
    private final List<Transport> transports;
    private final TemplateCatalog templates;
    private final NotifyOptions.Dispatch settings;
    private final Backoff backoff;
    private final AtomicLong accepted = new AtomicLong();

    private boolean stopping;
    private int activeLoops;
    private long sweepTimer = -1;
    private final Promise<Void> drained = Promise.promise();

    public Dispatcher(OutboxStore store, List<Transport> transports, TemplateCatalog templates,
                      NotifyOptions.Dispatch settings) {
        this.store = store;
        this.transports = List.copyOf(transports);
        this.templates = templates;
        this.settings = settings;
        this.backoff = new Backoff(settings.baseBackoff(), settings.maxBackoff());
    }

    @Override
    public Future<?> start() {
        for (Transport t : transports) {
            for (int i = 0; i < settings.loopsPerChannel(); i++) {
                activeLoops++;
                loop(t);
            }
        }
        sweepTimer = vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> sweep());
        return Future.succeededFuture();
    }

    /** Stops claiming; in-flight batches are sent and recorded before the returned future completes. */
    @Override
    public Future<?> stop() {
        stopping = true;
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (activeLoops == 0) {
            drained.tryComplete();
        }
        return drained.future();
    }

    /** Messages accepted by providers since start (for benchmarks and metrics). */
    public long acceptedCount() {
        return accepted.get();
    }

    private void loop(Transport t) {
        if (stopping) {
            if (--activeLoops == 0) {
                drained.tryComplete();
            }
            return;
        }
        if (!t.ready()) {
            vertx.setTimer(settings.pollInterval().toMillis(), id -> loop(t));
            return;
        }
        UUID token = UUID.randomUUID();
        // Our lease runs from the claim; recording is retried only while it surely still holds (half of it).
        long recordDeadline = System.nanoTime() + settings.lease().toNanos() / 2;
        store.claim(t.channel(), settings.batchSize(), token, settings.lease().toMillis() / 1000.0)
                .compose(batch -> batch.isEmpty()
                        ? Future.succeededFuture(0)
                        : sendAll(t, batch).compose(outcomes -> record(token, outcomes, recordDeadline, 100)
                                .onFailure(e -> LOG.warn("could not record {} outcomes on {} ({}); they return to the"
                                        + " queue after the lease and may be sent twice", outcomes.size(), t.channel(),
                                        e.getMessage()))
                                .map(n -> batch.size())))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("dispatch round on {} failed: {}", t.channel(), ar.cause().getMessage());
                    }
                    boolean full = ar.succeeded() && ar.result() >= settings.batchSize();
                    if (full && !stopping) {
                        vertx.runOnContext(v -> loop(t));
                    } else {
                        vertx.setTimer(settings.pollInterval().toMillis(), id -> loop(t));
                    }
                });
    }

    /**
     * Records a sent batch, retrying while the database is unreachable (e.g. a PostgreSQL restart) for as long as our
     * lease surely holds: giving up earlier would let the lease expire and the batch be sent a second time. Safe to
     * repeat: a statement that committed but whose reply was lost finds no row with our token the second time.
     */
    private Future<Integer> record(UUID token, List<Outcome> outcomes, long deadline, long delayMs) {
        return store.record(token, outcomes).recover(e -> {
            if (System.nanoTime() + delayMs * 1_000_000 >= deadline) {
                return Future.failedFuture(e);
            }
            LOG.warn("recording {} outcomes failed ({}); retrying in {} ms", outcomes.size(), e.getMessage(), delayMs);
            Promise<Integer> retried = Promise.promise();
            vertx.setTimer(delayMs, id -> record(token, outcomes, deadline, Math.min(delayMs * 2, 2_000))
                    .onComplete(retried));
            return retried.future();
        });
    }

    private Future<List<Outcome>> sendAll(Transport t, List<ClaimedMessage> batch) {
        List<Future<Outcome>> sends = new ArrayList<>(batch.size());
        for (ClaimedMessage m : batch) {
            sends.add(sendOne(t, m));
        }
        return Future.join(sends).map(cf -> {
            List<Outcome> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(cf.resultAt(i));
            }
            return out;
        });
    }

    private Future<Outcome> sendOne(Transport t, ClaimedMessage m) {
        if (m.stale()) {
            return Future.succeededFuture(Outcome.dead(m.id(), "expired: one-time code older than its validity"));
        }
        RenderedMessage rendered;
        try {
            rendered = templates.render(m.templateId(), m.language(), m.params());
        } catch (RuntimeException e) {
            return Future.succeededFuture(Outcome.dead(m.id(), "render failed: " + e.getMessage()));
        }
        return t.send(m, rendered)
                .recover(e -> Future.succeededFuture(new SendResult.Transient("transport error: " + e.getClass().getSimpleName())))
                .map(r -> outcome(m, r));
    }

    private Outcome outcome(ClaimedMessage m, SendResult r) {
        // Java 17: no pattern matching for switch yet, hence instanceof.
        if (r instanceof SendResult.Accepted a) {
            accepted.incrementAndGet();
            return Outcome.sent(m.id(), a.providerIds());
        }
        if (r instanceof SendResult.Transient tr) {
            return m.attempts() >= settings.maxAttempts()
                    ? Outcome.dead(m.id(), tr.reason() + " (after " + m.attempts() + " attempts)")
                    : Outcome.retry(m.id(), backoff.delaySeconds(m.attempts()), tr.reason());
        }
        if (r instanceof SendResult.Unavailable u) {
            return Outcome.deferred(m.id(), settings.pollInterval().toMillis() / 1000.0, u.reason());
        }
        return Outcome.dead(m.id(), ((SendResult.Permanent) r).reason());
    }

    private void sweep() {
        store.recoverExpiredLeases()
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.warn("{} messages had an expired lease and were queued again (outcome of the previous"
                                + " attempt unknown)", n);
                    }
                })
                .compose(n -> store.applyReceipts())
                .onFailure(e -> LOG.warn("outbox sweep failed: {}", e.getMessage()));
    }
}
