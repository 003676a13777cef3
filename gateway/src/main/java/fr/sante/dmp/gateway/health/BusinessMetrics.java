package fr.sante.dmp.gateway.health;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.gateway.guard.SmsCaps;
import fr.sante.dmp.gateway.messaging.Messaging;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.notify.PeriodicPass;
import fr.sante.dmp.store.access.DecisionTally;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The platform's business metrics at {@code /metrics}, under Prometheus conventions (snake case, {@code _total} for
 * counters, base units in the name), for the dashboard and alert rules in {@code deploy/}:
 * <ul>
 *   <li>{@code dmp_records{state}}: invitations and records by lifecycle state (sampled);</li>
 *   <li>{@code dmp_outbox_messages{channel,kind,status}}: SMS and e-mails by status, sent, delivered, failed…
 *       (sampled); {@code dmp_outbox_backlog_messages} and {@code dmp_outbox_oldest_waiting_seconds};</li>
 *   <li>{@code dmp_audit_entries_total{action,outcome}}: every audited action on this instance (oppositions
 *       {@code OPPOSE}, activations {@code ACTIVATE}, logins {@code PATIENT_LOGIN} / {@code PASSKEY_LOGIN}, reads…);
 *       {@code dmp_consent_refusals_total{rule}}; {@code dmp_break_glass_total};</li>
 *   <li>{@code dmp_audit_group_commit_batches_total}, {@code dmp_audit_group_commit_entries_total} (mean batch
 *       size), {@code dmp_audit_append_lag_seconds_count} and {@code _sum} (mean lag to commit);</li>
 *   <li>{@code dmp_sms_budget_left}: one-time-code SMS the daily budget still allows (sampled from Redis), and
 *       {@code dmp_sms_budget_daily}, the budget.</li>
 * </ul>
 * The refusals of limits and quotas are {@code dmp_api_problems_total{type}} ({@link HttpRequestMetrics}).
 *
 * <p>Sampled values come from aggregate queries (a scan of {@code record} and {@code outbox_message}), so they are
 * read by a timer, every {@code interval}, never per request or per scrape; a sample never overlaps the previous one
 * and a failed one keeps the last values and counts {@code dmp_business_metrics_sample_failures_total}. Everything
 * runs on the event loop through the asynchronous clients: nothing blocks. Labels are code constants, never an
 * identifier.
 */
public final class BusinessMetrics {
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final DocumentStore store;
    private final Messaging messaging;
    private final SmsCaps smsCaps;
    private final Map<RecordState, AtomicLong> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> messages = new ConcurrentHashMap<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicReference<Double> oldestWaiting = new AtomicReference<>(0.0);
    private final AtomicLong smsBudgetLeft = new AtomicLong();
    private final Map<Object, Boolean> registered = new ConcurrentHashMap<>();
    private final AtomicBoolean sampling = new AtomicBoolean();
    private final Counter sampleFailures;
    private PeriodicPass<Void> periodic;

    public BusinessMetrics(Vertx vertx, MeterRegistry registry, DocumentStore store, Messaging messaging,
                           SmsCaps smsCaps) {
        this.vertx = vertx;
        this.registry = registry;
        this.store = store;
        this.messaging = messaging;
        this.smsCaps = smsCaps;
        for (RecordState s : RecordState.values()) {
            AtomicLong v = new AtomicLong();
            records.put(s, v);
            Gauge.builder("dmp.records", v, AtomicLong::doubleValue).tag("state", s.name())
                    .description("records by lifecycle state (INVITED: invitations not yet opened)").register(registry);
        }
        Gauge.builder("dmp.outbox.backlog.messages", backlog, AtomicLong::doubleValue)
                .description("messages queued or being sent").register(registry);
        Gauge.builder("dmp.outbox.oldest.waiting", oldestWaiting, AtomicReference::get).baseUnit("seconds")
                .description("age of the oldest message queued or being sent").register(registry);
        Gauge.builder("dmp.sms.budget.left", smsBudgetLeft, AtomicLong::doubleValue)
                .description("one-time-code SMS the daily budget still allows today").register(registry);
        Gauge.builder("dmp.sms.budget.daily", smsCaps, SmsCaps::budget)
                .description("one-time-code SMS the platform sends per UTC day (DMP_OTP_SMS_DAILY_BUDGET)")
                .register(registry);
        FunctionCounter.builder("dmp.break.glass", store.decisions(), DecisionTally::breakGlass)
                .description("audit entries flagged as emergency access (break-glass) on this instance")
                .register(registry);
        fr.sante.dmp.store.audit.AppendStats appends = store.auditAppends();
        FunctionCounter.builder("dmp.audit.group.commit.batches", appends, a -> a.batches())
                .description("audit group-commit batches (entries / batches = mean batch size)").register(registry);
        FunctionCounter.builder("dmp.audit.group.commit.entries", appends, a -> a.entries())
                .description("audit entries appended by group commit").register(registry);
        io.micrometer.core.instrument.FunctionTimer.builder("dmp.audit.append.lag", appends,
                        a -> a.entries(), a -> a.lagSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .description("from an audit entry's submission to its commit (sum and count: the mean lag)")
                .register(registry);
        this.sampleFailures = Counter.builder("dmp.business.metrics.sample.failures")
                .description("samples of the business metrics that failed (the last values are kept)")
                .register(registry);
    }

    /** Samples now, then every {@code interval}. */
    public BusinessMetrics start(Duration interval) {
        sample();
        // A failed sample counts itself in dmp.business.metrics.sample.failures: nothing more to report here.
        periodic = new PeriodicPass<>(vertx, interval, this::sample, ar -> { });
        periodic.start();
        return this;
    }

    public void stop() {
        if (periodic != null) {
            periodic.stop();
        }
    }

    /** One sample; skipped while the previous one runs (a slow database must not pile queries up). */
    public Future<Void> sample() {
        if (!sampling.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        registerTallies();
        Future<Void> states = store.recordsByState().map(counts -> {
            counts.forEach((state, n) -> records.get(state).set(n));
            return null;
        });
        Future<Void> outbox = messaging.outboxCounts().map(counts -> {
            messages.values().forEach(v -> v.set(0));
            for (Outbox.ChannelCount c : counts) {
                messageGauge(c.channel().name(), c.kind(), c.status().name()).set(c.count());
            }
            return null;
        });
        Future<Void> waiting = messaging.outboxBacklog().map(b -> {
            backlog.set(b.messages());
            oldestWaiting.set(b.oldestSeconds());
            return null;
        });
        Future<Void> budget = smsCaps.budgetLeft().map(left -> {
            smsBudgetLeft.set(left);
            return null;
        });
        return Future.join(states, outbox, waiting, budget).<Void>mapEmpty()
                .onFailure(e -> sampleFailures.increment())
                .eventually(() -> {
                    sampling.set(false);
                    return Future.succeededFuture();
                });
    }

    private AtomicLong messageGauge(String channel, String kind, String status) {
        return messages.computeIfAbsent(channel + "|" + kind + "|" + status, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("dmp.outbox.messages", v, AtomicLong::doubleValue)
                    .tags("channel", channel.toLowerCase(Locale.ROOT), "kind", kind.toLowerCase(Locale.ROOT),
                            "status", status.toLowerCase(Locale.ROOT))
                    .description("SMS and e-mails by channel, kind and status (sent, delivered, failed, dead, queued)")
                    .register(registry);
            return v;
        });
    }

    /** The door's counters appear as actions and rules are first met; each is registered once. */
    private void registerTallies() {
        DecisionTally tally = store.decisions();
        for (Map.Entry<DecisionTally.Key, LongAdder> e : tally.entries().entrySet()) {
            if (registered.putIfAbsent(e.getKey(), true) == null) {
                FunctionCounter.builder("dmp.audit.entries", e.getValue(), LongAdder::doubleValue)
                        .tags("action", e.getKey().action().toLowerCase(Locale.ROOT),
                                "outcome", e.getKey().allowed() ? "allowed" : "refused")
                        .description("audited actions on this instance (oppositions, activations, logins, reads…)")
                        .register(registry);
            }
        }
        for (Map.Entry<String, LongAdder> e : tally.refusalsByRule().entrySet()) {
            if (registered.putIfAbsent("rule:" + e.getKey(), true) == null) {
                FunctionCounter.builder("dmp.consent.refusals", e.getValue(), LongAdder::doubleValue)
                        .tag("rule", e.getKey())
                        .description("refused decisions by the rule that refused them").register(registry);
            }
        }
    }
}
