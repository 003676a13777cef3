package fr.sante.dmp.notify.dispatch;

import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.PeriodicPass;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.outbox.OutboxStore;
import fr.sante.dmp.notify.outbox.Outcome;
import fr.sante.dmp.notify.template.RenderedMessage;
import fr.sante.dmp.notify.template.TemplateCatalog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages from the outbox to the providers. Per channel, {@code loopsPerChannel} loops each repeat
 * claim (one UPDATE ... FOR UPDATE SKIP LOCKED) → send all concurrently, committing outcomes as they arrive
 * ({@link OutcomeRecorder}: group commit, one statement per round trip) → claim again once all are committed.
 * Everything runs on this verticle's event loop through futures; blocking transports use their own worker threads.
 * A periodic sweep returns expired leases of other (dead) instances to the queue and applies delivery receipts; the
 * leases of this instance's batches in flight are renewed every third of the lease, so a slow but live dispatcher
 * never has its batch resent.
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
    private PeriodicPass<Integer> sweeps;
    private PeriodicPass<Integer> renewals;
    /** Claim tokens of this instance's batches in flight (event-loop confined). */
    private final Set<UUID> liveTokens = new HashSet<>();
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
        sweeps = new PeriodicPass<>(vertx, settings.sweepInterval(), this::sweep, ar -> {
            if (ar.failed()) {
                LOG.warn("outbox sweep failed: {}", ar.cause().getMessage());
            }
        });
        sweeps.start();
        // A live dispatcher keeps its leases: only a dead one's batches go back to the queue (and may be resent).
        Duration renewEvery = Duration.ofMillis(Math.max(100, settings.lease().toMillis() / 3));
        renewals = new PeriodicPass<>(vertx, renewEvery, this::renew, ar -> {
            if (ar.failed()) {
                LOG.warn("lease renewal failed: {}", ar.cause().getMessage());
            }
        });
        renewals.start();
        return Future.succeededFuture();
    }

    /** Stops claiming; in-flight batches are sent and recorded before the returned future completes. */
    @Override
    public Future<?> stop() {
        stopping = true;
        sweeps.stop();
        if (activeLoops == 0) {
            drained.tryComplete();
        }
        // Leases are renewed until the last batch is recorded.
        return drained.future().onComplete(v -> renewals.stop());
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
        OutcomeRecorder recorder = new OutcomeRecorder(vertx, store, token,
                System.nanoTime() + settings.lease().toNanos() / 2);
        liveTokens.add(token);
        store.claim(t.channel(), t.claimLimit(settings.batchSize()), token, settings.lease().toMillis() / 1000.0)
                .compose(batch -> batch.isEmpty()
                        ? Future.succeededFuture(0)
                        : sendAndRecord(t, batch, recorder).map(v -> batch.size()))
                .onComplete(ar -> liveTokens.remove(token))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("dispatch round on {} failed: {}", t.channel(), ar.cause().getMessage());
                    }
                    boolean full = ar.succeeded() && ar.result() >= t.claimLimit(settings.batchSize());
                    if (full && !stopping) {
                        vertx.runOnContext(v -> loop(t));
                    } else {
                        vertx.setTimer(settings.pollInterval().toMillis(), id -> loop(t));
                    }
                });
    }

    /** Sends every message of the batch concurrently; each outcome is committed as soon as it is known. */
    private Future<Void> sendAndRecord(Transport t, List<ClaimedMessage> batch, OutcomeRecorder recorder) {
        List<Future<Void>> recorded = new ArrayList<>(batch.size());
        for (ClaimedMessage m : batch) {
            recorded.add(sendOne(t, m).compose(recorder::add));
        }
        return Future.join(recorded).transform(ar -> {
            long lost = recorded.stream().filter(Future::failed).count();
            if (lost > 0) {
                LOG.warn("could not record {} outcomes on {} ({}); they return to the queue after the lease and may"
                        + " be sent twice", lost, t.channel(), recorded.stream().filter(Future::failed).findFirst()
                        .map(f -> f.cause().getMessage()).orElse(""));
            }
            return Future.succeededFuture();
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
        // Bounded: a reply lost by the SMSC or relay would otherwise hold this batch, and the channel's loop, for ever
        // (leases of a live dispatcher are renewed). Given up, the message is retried, and may then arrive twice.
        return t.send(m, rendered).timeout(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
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

    private Future<Integer> renew() {
        return store.renewLeases(List.copyOf(liveTokens), settings.lease().toMillis() / 1000.0);
    }

    /** Expired leases of other (dead) instances back to the queue, then the delivery receipts; the receipts' count. */
    private Future<Integer> sweep() {
        return store.recoverExpiredLeases(List.copyOf(liveTokens))
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.warn("{} messages had an expired lease and were queued again (outcome of the previous"
                                + " attempt unknown)", n);
                    }
                })
                .compose(n -> store.applyReceipts());
    }
}
