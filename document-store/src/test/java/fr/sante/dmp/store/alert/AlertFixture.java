package fr.sante.dmp.store.alert;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.outbox.OutboxStore;
import fr.sante.dmp.notify.outbox.PayloadCipher;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store with the notifications schema in the same database, an enqueue-only outbox and the alert feed (not
 * started: tests run its passes). What the feed enqueued is read back decrypted through the dispatcher's own claim.
 */
final class AlertFixture implements AutoCloseable {
    static final String SPACE_URL = "https://www.monespacesante.fr/";
    private static final AtomicInteger SEQUENCE = new AtomicInteger(7000);

    final StoreFixture f;
    final AlertFeed feed;
    private final byte[] payloadKey;
    private final Pool pool;
    private final List<ClaimedMessage> claimed = new ArrayList<>();

    private AlertFixture(StoreFixture f, AlertFeed feed, byte[] payloadKey, Pool pool) {
        this.f = f;
        this.feed = feed;
        this.payloadKey = payloadKey;
        this.pool = pool;
    }

    static AlertFixture start(TestDatabase db, AlertOptions options) throws Exception {
        Notifications.migrate(db.jdbcUrl(), db.user(), db.password());
        StoreFixture f = StoreFixture.start(db);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(PgConnectOptions.fromUri(db.pgUri())).using(f.vertx).build();
        return new AlertFixture(f, f.store.alerts(Notifications.outboxOnly(key), options), key, pool);
    }

    /** Another feed on the same store and outbox, e.g. with smaller batches. */
    AlertFeed feed(AlertOptions options) {
        return f.store.alerts(Notifications.outboxOnly(payloadKey), options);
    }

    /** Emergency accesses whose notices go to the same outbox. */
    BreakGlassGrants breakGlass() {
        return f.store.breakGlass(Notifications.outboxOnly(payloadKey), Duration.ofHours(1), SPACE_URL);
    }

    /** An ACTIVE record with these contacts (each distinct, so the outbox can be read per patient). */
    Ins patient(boolean phone, boolean email, AlertPreferences alerts) throws Exception {
        Ins ins = StoreFixture.newIns();
        int n = SEQUENCE.incrementAndGet();
        await(f.records().register("admin", ins, new PersonRegistration(LocalDate.of(1985, 5, 12), "Camille",
                "Martin", "F", phone ? Optional.of("+3361" + String.format("%07d", n)) : Optional.empty(),
                email ? Optional.of("p" + n + "@example.org") : Optional.empty(), RecordState.ACTIVE)));
        if (alerts != null) {
            await(f.store.patients().choices().setAlerts(ins, alerts));
        }
        return ins;
    }

    /** Every message enqueued for this patient since the test began (by their phone, else their e-mail). */
    List<ClaimedMessage> messagesTo(Ins ins) throws Exception {
        OutboxStore store = new OutboxStore(pool, new PayloadCipher(payloadKey));
        for (Channel c : Channel.values()) {
            claimed.addAll(await(store.claim(c, 1000, UUID.randomUUID(), 600)));
        }
        String phone = contact(ins, "phone");
        String email = contact(ins, "email");
        return claimed.stream().filter(m -> m.recipient().equals(phone) || m.recipient().equals(email)).toList();
    }

    /** The contact registered for {@code ins}, read back through the patient service (never stored in clear). */
    private String contact(Ins ins, String which) throws Exception {
        var c = await(f.store.patients().login().contactForLogin(ins, LocalDate.of(1985, 5, 12))).orElseThrow();
        return (which.equals("phone") ? c.phone() : c.email()).orElse("none");
    }

    long cursor() throws Exception {
        return f.count("SELECT seq FROM alert_feed_cursor");
    }

    long head() throws Exception {
        return f.count("SELECT seq FROM audit_head");
    }

    long outboxSize() throws Exception {
        return f.count("SELECT count(*) FROM outbox_message");
    }

    AlertRun run() throws Exception {
        return await(feed.runOnce());
    }

    @Override
    public void close() throws Exception {
        await(pool.close());
        f.close();
    }
}
