package fr.sante.dmp.notify.dispatch;

import fr.sante.dmp.notify.GroupCommit;
import fr.sante.dmp.notify.outbox.OutboxStore;
import fr.sante.dmp.notify.outbox.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the outcomes of one claimed batch as they arrive instead of once the whole batch has answered: while one
 * record statement is in flight, the next outcomes accumulate and go in the following one (group commit). A message
 * the provider accepted is thus SENT in the database about one round trip later, which is all that is left of the
 * window where a crash sends it twice (docs/notifications.md). Thread-safe: transports may complete on other threads.
 */
final class OutcomeRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final Vertx vertx;
    private final OutboxStore store;
    private final UUID token;
    private final long deadlineNanos;
    /** A claimed batch is at most this large, so one record statement holds all the outcomes waiting. */
    private static final int MAX_BATCH = 1_000;

    private final GroupCommit<Outcome, Void> commits;

    /** {@code deadlineNanos}: until when recording may be retried (our lease surely holds until then). */
    OutcomeRecorder(Vertx vertx, OutboxStore store, UUID token, long deadlineNanos) {
        this.vertx = vertx;
        this.store = store;
        this.token = token;
        this.deadlineNanos = deadlineNanos;
        this.commits = new GroupCommit<>(vertx, MAX_BATCH,
                outcomes -> record(outcomes, 100).map(n -> Collections.nCopies(outcomes.size(), (Void) null)));
    }

    /** Completes when {@code outcome} is committed; fails if it could not be before the deadline. */
    Future<Void> add(Outcome outcome) {
        return commits.submit(outcome);
    }

    /**
     * Retries while the database is unreachable (e.g. a PostgreSQL restart) for as long as our lease surely holds:
     * giving up earlier would let the lease expire and the messages be sent a second time. Safe to repeat: a statement
     * that committed but whose reply was lost finds no row with our token the second time.
     */
    private Future<Integer> record(List<Outcome> outcomes, long delayMs) {
        return store.record(token, outcomes).recover(e -> {
            if (System.nanoTime() + delayMs * 1_000_000 >= deadlineNanos) {
                return Future.failedFuture(e);
            }
            LOG.warn("recording {} outcomes failed ({}); retrying in {} ms", outcomes.size(), e.getMessage(), delayMs);
            Promise<Integer> retried = Promise.promise();
            vertx.setTimer(delayMs, id -> record(outcomes, Math.min(delayMs * 2, 2_000)).onComplete(retried));
            return retried.future();
        });
    }
}
