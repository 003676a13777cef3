package fr.sante.dmp.store.invitation;

import fr.sante.dmp.notify.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work of invitations, on a Vert.x timer (non-blocking SQL only): open the window of invitations that
 * were sent, send reminders, activate records at their deadline, purge records whose archive period or deletion delay
 * is over, erase expired opposition escrows, send letters to people whose SMS and e-mail failed. Every gateway instance may run one: each batch takes its rows with
 * {@code FOR UPDATE SKIP LOCKED}, and each change re-checks the state, so nothing is done twice.
 * Tests drive {@link #runOnce(Instant)} with the time they want.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final SchedulerJobs jobs;
    private final Reinvitations reinvitations;
    private final InvitationOptions options;
    private final PeriodicPass<SchedulerRun> periodic;

    Scheduler(Vertx vertx, SchedulerJobs jobs, Reinvitations reinvitations, InvitationOptions options, Clock clock) {
        this.jobs = jobs;
        this.reinvitations = reinvitations;
        this.options = options;
        this.periodic = new PeriodicPass<>(vertx, options.schedulerInterval(), () -> runOnce(clock.instant()), ar -> {
            if (ar.failed()) {
                LOG.warn("scheduler pass failed: {}", ar.cause().toString());
            } else if (!ar.result().equals(new SchedulerRun(0, 0, 0, 0, 0, 0, 0))) {
                LOG.info("scheduler pass: {}", ar.result());
            }
        });
    }

    /** Starts the periodic timer (a pass is skipped while the previous one still runs). */
    public Scheduler start() {
        periodic.start();
        return this;
    }

    public void stop() {
        periodic.stop();
    }

    /** One full pass at {@code now}: every job until it has nothing left due. */
    public Future<SchedulerRun> runOnce(Instant now) {
        return drain(n -> jobs.markSent(now)).compose(sent ->
                drain(n -> jobs.remind(now)).compose(reminded ->
                drain(n -> jobs.activate(now)).compose(activated ->
                drain(n -> jobs.purge(now)).compose(purged ->
                drain(n -> jobs.endAtMajority(now)).compose(ofAge ->
                jobs.eraseEscrows(now).compose(erased ->
                letterFallback().map(letters ->
                        new SchedulerRun(sent, reminded, activated, purged, erased, letters, ofAge))))))));
    }

    /** Opens the window of invitations the provider accepted (batches until none is left). */
    public Future<Long> markSent(Instant now) {
        return drain(n -> jobs.markSent(now));
    }

    public Future<Long> remind(Instant now) {
        return drain(n -> jobs.remind(now));
    }

    public Future<Long> activate(Instant now) {
        return drain(n -> jobs.activate(now));
    }

    public Future<Long> purge(Instant now) {
        return drain(n -> jobs.purge(now));
    }

    /** Failed invitations of persons with a postal address get their letter (batches until none is left). */
    public Future<Long> letterFallback() {
        return drain(n -> reinvitations.letterFallback().map(taken -> new SchedulerJobs.Batch(taken, taken)));
    }

    /** Ends the parental links of people who came of age, telling them and their representatives. */
    public Future<Long> endAtMajority(Instant now) {
        return drain(n -> jobs.endAtMajority(now));
    }

    /** Runs {@code batch} until a batch comes back smaller than the batch size; sums what the batches did. */
    private Future<Long> drain(Function<Long, Future<SchedulerJobs.Batch>> batch) {
        return drain(batch, 0L);
    }

    private Future<Long> drain(Function<Long, Future<SchedulerJobs.Batch>> batch, long total) {
        return batch.apply(total).compose(b -> b.taken() < options.schedulerBatch()
                ? Future.succeededFuture(total + b.done())
                : drain(batch, total + b.done()));
    }
}
