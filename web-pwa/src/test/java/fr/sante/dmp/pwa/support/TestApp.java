package fr.sante.dmp.pwa.support;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.dev.EmbeddedMessaging;
import fr.sante.dmp.store.patient.contact.OutboxCodeSender;
import fr.sante.dmp.pwa.PatientSpace;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.record.RecordService;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.store.carehistory.CareHistoryOptions;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The patient space on the real components: document-store on embedded PostgreSQL (its migrations, encryption, audit
 * and consent engine), the notifications outbox and dispatcher sending through the embedded SMSC and SMTP server, the
 * dev inbox to read what was sent, and embedded Redis. Only the composition differs from the gateway's.
 */
public final class TestApp implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final AtomicInteger PHONES = new AtomicInteger(10_000);

    public final StoreFixture fixture;
    public final CareHistoryService careHistory;
    public final Vertx vertx;
    public final DocumentStore store;
    public final EmbeddedMessaging messaging;
    public final Notifications notifications;
    public final RedisAPI redis;
    public final RecordingCodeSender codes;
    public PatientSpace space;
    private final Pool pool;
    private HttpServer server;
    private final WebClient inbox;

    public TestApp(TestDatabase db, PwaConfig config) throws Exception {
        this.fixture = StoreFixture.start(db);
        this.vertx = fixture.vertx;
        this.store = fixture.store;
        await(Notifications.migrate(vertx, db.jdbcUrl(), db.user(), db.password()));
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(db.pgUri()).using(vertx).build();
        this.messaging = await(EmbeddedMessaging.start(vertx, 0));
        this.notifications = await(Notifications.start(vertx, pool, messaging.options(random32())));
        this.redis = RedisAPI.api(Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:" + EmbeddedRedis.port())
                .setMaxPoolSize(16).setMaxPoolWaiting(4096)));
        this.codes = new RecordingCodeSender(new OutboxCodeSender(pool, notifications.outbox()));
        this.inbox = WebClient.create(vertx);
        this.careHistory = await(fixture.store.careHistory(CareHistoryOptions.DEFAULT));
        restart(config);
    }

    /** A new patient space (new configuration) on the same store, with Redis emptied: limits and sessions start over. */
    public void restart(PwaConfig config) {
        if (server != null) {
            await(server.close());
        }
        await(redis.flushall(List.of()));
        codes.clear();
        this.space = new PatientSpace(vertx, redis, store.patients(), store.records(), Optional.of(store.passkeys()),
                store.careContexts(), Optional.of(store.directory()), codes, config, Optional.of(careHistory),
                Optional.of(store.representations()));
        this.server = await(vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                        .setMaxFormAttributeSize(PatientSpace.MAX_FORM_FIELD_BYTES))
                .requestHandler(space.router()).listen(0, "127.0.0.1"));
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public static PwaConfig config() {
        return PwaConfig.defaults("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    }

    /** The tests' one await helper, {@link fr.sante.dmp.notify.support.Await#result}, under the name used here. */
    public static <T> T await(io.vertx.core.Future<T> f) {
        return fr.sante.dmp.notify.support.Await.result(f);
    }

    public int port() {
        return server.actualPort();
    }

    public PatientServices patients() {
        return store.patients();
    }

    public RecordService records() {
        return store.records();
    }

    /** A person reachable on a phone number of their own, so that the dev inbox tells their codes apart. */
    public record Person(Ins ins, LocalDate birthDate, String phone) {
    }

    /** The documents as the patient sees them (with the masked flag). */
    public List<fr.sante.dmp.store.record.DocumentSummary> documentsOf(Person p) {
        return await(records().listDocuments(new Actor.Patient(p.ins()), p.ins()));
    }

    public fr.sante.dmp.store.patient.overview.PatientOverview overview(Person p) {
        return await(patients().overview().overview(p.ins()));
    }

    public boolean masked(Person p, UUID id) {
        return documentsOf(p).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow().masked();
    }

    public Person register(String givenName, RecordState state) {
        return register(givenName, LocalDate.of(1985, 5, 12), state);
    }

    /** Born on this day (a child, a parent...). */
    public Person register(String givenName, LocalDate birth, RecordState state) {
        Ins ins = StoreFixture.newIns();
        String phone = "+3361" + String.format("%07d", PHONES.incrementAndGet());
        await(records().register("admin", ins, new PersonRegistration(birth, givenName, "Martin", "F",
                Optional.of(phone), Optional.empty(), state)));
        return new Person(ins, birth, phone);
    }

    /**
     * A document deposited by {@code author}, who is first put in care the way practice software does it (directory,
     * the patient's care code, a context opened with it): a professional writes only under a care relationship.
     */
    public UUID deposit(Actor.Professional author, Person p, DocumentClass c, String title, String text) {
        inCare(author, p);
        return await(records().deposit(author, p.ins(), new NewDocument(c, title, "text/plain",
                text.getBytes(StandardCharsets.UTF_8), false)));
    }

    /** Puts the professional in a care context with the person (see {@link StoreFixture#inCare}). */
    public Actor.Professional inCare(Actor.Professional pro, Person p) {
        try {
            StoreFixture.inCare(store, pro, p.ins());
            return pro;
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * An emergency access as the professional API opens one: the engine decides and audits, then the grant and the
     * patient's notice (BreakGlassGrants). Fails with the engine's refusal, which is audited as a refused attempt.
     */
    public void breakGlass(Actor.Professional pro, Person p, String reason) {
        await(store.breakGlass(notifications.outbox(), java.time.Duration.ofHours(4), "https://localhost")
                .open(pro, p.ins(), reason));
    }

    /** The directory of professionals learns this professional (as from their first verified token). */
    public Actor.Professional known(Actor.Professional pro) {
        await(store.careContexts().seen(pro));
        return pro;
    }

    /** Messages the dev inbox holds for this phone. */
    public int messageCount(String phone) {
        return messages(phone).size();
    }

    /** Waits (up to 15 s) for message number {@code index} (from 0) to this phone and returns the code in it. */
    public String code(String phone, int index) {
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            JsonArray list = messages(phone);
            if (list.size() > index) {
                Matcher m = CODE.matcher(list.getJsonObject(index).getString("body"));
                if (m.find()) {
                    return m.group(1);
                }
                throw new AssertionError("no 6-digit code in the message");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no message number " + index + " in the dev inbox within 15 s");
    }

    /**
     * Waits (up to 15 s) until this phone has {@code count} messages and returns the code of each: the dispatcher
     * sends in parallel, so two messages queued close together may arrive in either order.
     */
    public List<String> codes(String phone, int count) {
        code(phone, count - 1);
        JsonArray list = messages(phone);
        List<String> found = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Matcher m = CODE.matcher(list.getJsonObject(i).getString("body"));
            found.add(m.find() ? m.group(1) : "");
        }
        return found;
    }

    /** Waits (up to 15 s) until this phone has at least {@code count} messages; returns their bodies as received. */
    public List<String> bodies(String phone, int count) {
        long end = System.currentTimeMillis() + 15_000;
        JsonArray list = messages(phone);
        while (list.size() < count && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            list = messages(phone);
        }
        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            bodies.add(list.getJsonObject(i).getString("body"));
        }
        return bodies;
    }

    /**
     * Waits until Redis has expired this session (its idle timeout is the key's expiry, which no application clock
     * drives), without touching it: EXISTS leaves the expiry alone, where any request would restart it.
     */
    public void untilSessionExpires(String sessionId, java.time.Duration within) {
        String key = "pwa:s:" + fr.sante.dmp.pwa.security.Hmac.sha256(sessionId); // as SessionStore names it
        long end = System.nanoTime() + within.toNanos();
        while (await(redis.exists(List.of(key))).toInteger() > 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the session did not expire within " + within);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonArray messages(String phone) {
        return await(inbox.get(messaging.inboxPort(), "127.0.0.1", "/api/messages")
                .addQueryParam("to", phone).send()).bodyAsJsonArray();
    }

    @Override
    public void close() throws Exception {
        await(server.close());
        await(notifications.close());
        await(messaging.close());
        await(pool.close());
        await(careHistory.close());
        fixture.close();
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
