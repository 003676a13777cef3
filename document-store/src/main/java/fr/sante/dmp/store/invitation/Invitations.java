package fr.sante.dmp.store.invitation;

import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** The invitation side of the store, wired: campaigns and the scheduler, sharing the store's keys and pool. */
public final class Invitations {
    private final CampaignService campaigns;
    private final Scheduler scheduler;

    public Invitations(Vertx vertx, Pool pool, Outbox outbox, Envelope envelope, InsHasher insHasher,
                       InvitationCodes codes, AccessDoor door, InvitationOptions options, Clock clock) {
        this.campaigns = new PgCampaignService(vertx, pool, outbox, envelope, insHasher, codes, door, options, clock);
        this.scheduler = new Scheduler(vertx, new SchedulerJobs(pool, outbox, envelope, codes, door, options),
                new Reinvitations(pool, outbox, envelope, codes, door, options, clock), options, clock);
    }

    public CampaignService campaigns() {
        return campaigns;
    }

    /** Not started: call {@code scheduler().start()} on each gateway instance that should run it. */
    public Scheduler scheduler() {
        return scheduler;
    }
}
