package fr.sante.dmp.gateway.messaging;

import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.store.patient.contact.OutboxCodeSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The notifications module as the platform runs it: its migrations, a pool of its own (the dispatcher's loops must not
 * starve the record store's), then, in a worker process, the dispatcher with the configured providers, or, when none is
 * configured, the platform's embedded SMSC, SMTP server and dev inbox on 127.0.0.1: those another process of the
 * platform already serves at DMP_INBOX_PORT, else its own. A process of the {@code api} role only enqueues.
 */
public final class Messaging {
    private final Pool pool;
    private final Notifications notifications;
    private final DevServices.Messaging embedded;
    private final Optional<Integer> inboxPort;

    private Messaging(Pool pool, Notifications notifications, DevServices.Messaging embedded,
            Optional<Integer> inboxPort) {
        this.pool = pool;
        this.notifications = notifications;
        this.embedded = embedded;
        this.inboxPort = inboxPort;
    }

    /** Migrates (on a worker), then starts or joins the embedded servers if needed, then the dispatcher. */
    public static Future<Messaging> start(Vertx vertx, GatewayConfig config, String pgUri, byte[] payloadKey) {
        PgConnectOptions pg = PgConnectOptions.fromUri(pgUri);
        return Notifications.migrate(vertx, jdbcUrl(pg), pg.getUser(), pg.getPassword()).compose(x -> {
            Pool pool = PgBuilder.pool()
                    // Named: two unnamed pools would share one set of pool metrics.
                    .with(new PoolOptions().setName("dmp-notifications")
                            .setMaxSize(Math.max(4, config.pgPoolSize() / 2)))
                    // Cached: the poller's claim UPDATE was planned again on every poll (0.3 ms of PostgreSQL each).
                    .connectingTo(pg.setCachePreparedStatements(true))
                    .using(vertx)
                    .build();
            if (!config.roles().worker()) {
                // The workers send what this process commits to the outbox, to the providers or the platform's inbox.
                return Notifications.enqueueOnly(vertx, pool, payloadKey)
                        .map(n -> new Messaging(pool, n, null, Optional.empty()))
                        .onFailure(e -> pool.close());
            }
            if (!config.embeddedMessaging()) {
                return dispatching(vertx, pool, config, new NotifyOptions(config.smpp().orElse(null),
                        config.smtp().orElse(null), NotifyOptions.Dispatch.defaults(), payloadKey), null,
                        Optional.empty());
            }
            // One dev inbox per platform: the one already at DMP_INBOX_PORT, else this process's own (if two start at
            // once and the other bound the port first, join it).
            DevServices dev;
            try {
                dev = EmbeddedServices.devServices("DMP_SMPP_URL or DMP_SMTP_URL");
            } catch (RuntimeException e) {
                pool.close();
                return Future.failedFuture(e);
            }
            return joinInbox(vertx, config.inboxPort(), payloadKey).compose(joined -> joined.isPresent()
                    ? dispatching(vertx, pool, config, joined.get(), null, Optional.of(config.inboxPort()))
                    : dev.startMessaging(vertx, config.inboxPort())
                            .compose(em -> dispatching(vertx, pool, config, devOptions(em.smppPort(), em.smtpPort(),
                                    payloadKey), em, Optional.of(em.inboxPort())),
                                    e -> joinInbox(vertx, config.inboxPort(), payloadKey)
                                            .compose(again -> again.isPresent()
                                                    ? dispatching(vertx, pool, config, again.get(), null,
                                                            Optional.of(config.inboxPort()))
                                                    : Future.failedFuture(e))))
                    .onFailure(e -> pool.close());
        });
    }

    private static Future<Messaging> dispatching(Vertx vertx, Pool pool, GatewayConfig config, NotifyOptions options,
            DevServices.Messaging em, Optional<Integer> inboxPort) {
        // Postal letters always: their PDF batches go to DMP_DATA_DIR/letters, where the mail house's share is mounted
        // in production (docs/notifications.md, "Letters").
        return Notifications.start(vertx, pool, options.withLetters(NotifyOptions.Letters.of(config.letterDir())))
                .map(n -> new Messaging(pool, n, em, inboxPort))
                .onFailure(e -> {
                    pool.close();
                    if (em != null) {
                        em.close();
                    }
                });
    }

    /**
     * The SMSC and SMTP server of the platform's dev inbox already listening on 127.0.0.1:{@code inboxPort} (another
     * process of the same platform started them), as options pointing there; empty when nothing answers there as a
     * dev inbox within a second. One inbox per platform: a code asked on one gateway is read where any other's is.
     */
    private static Future<Optional<NotifyOptions>> joinInbox(Vertx vertx, int inboxPort, byte[] payloadKey) {
        if (inboxPort == 0) {
            return Future.succeededFuture(Optional.empty());
        }
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000));
        return client.request(new RequestOptions().setHost("127.0.0.1").setPort(inboxPort)
                        .setURI(DevServices.INBOX_SERVERS_PATH).setIdleTimeout(1000))
                .compose(req -> req.send())
                .compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : Future.failedFuture("not a dev inbox: HTTP " + resp.statusCode()))
                .map(body -> {
                    JsonObject ports = body.toJsonObject();
                    return Optional.of(devOptions(ports.getInteger("smppPort"), ports.getInteger("smtpPort"),
                            payloadKey));
                })
                .otherwise(e -> Optional.empty())
                .eventually(client::close);
    }

    private static NotifyOptions devOptions(int smppPort, int smtpPort, byte[] payloadKey) {
        return new NotifyOptions(
                NotifyOptions.Smpp.of("127.0.0.1", smppPort, DevServices.SMPP_SYSTEM_ID, DevServices.SMPP_PASSWORD),
                NotifyOptions.Smtp.of("127.0.0.1", smtpPort, DevServices.MAIL_FROM)
                        .withUnsubscribeUrl("https://localhost/preferences/notifications"),
                NotifyOptions.Dispatch.defaults(), payloadKey);
    }

    /**
     * The notifications' migrations, blocking (a command's main thread, never an event loop): a command that only
     * enqueues, such as {@code dmp campaign import}, needs the outbox table even if the platform never ran.
     */
    public static void migrateBlocking(String pgUri) {
        PgConnectOptions pg = PgConnectOptions.fromUri(pgUri);
        Notifications.migrate(jdbcUrl(pg), pg.getUser(), pg.getPassword());
    }

    private static String jdbcUrl(PgConnectOptions pg) {
        return "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/"
                + URLEncoder.encode(pg.getDatabase(), StandardCharsets.UTF_8);
    }

    /** One-time codes of the patient space go through the outbox, in their own transaction on this pool. */
    public CodeSender codeSender() {
        return new OutboxCodeSender(pool, notifications.outbox());
    }

    public Notifications notifications() {
        return notifications;
    }

    /** The platform's dev inbox's port, in embedded mode, in a worker process (its own or the one it joined). */
    public Optional<Integer> inboxPort() {
        return inboxPort;
    }

    /** The outbox's counts by channel, kind and status (business metrics; one scan: every minute, not per request). */
    public Future<java.util.List<fr.sante.dmp.notify.outbox.Outbox.ChannelCount>> outboxCounts() {
        return notifications.outbox().countsByChannel(pool);
    }

    /** The outbox's backlog (business metrics). */
    public Future<fr.sante.dmp.notify.outbox.Outbox.Backlog> outboxBacklog() {
        return notifications.outbox().backlog(pool);
    }

    /** Lets the dispatcher finish its batch, then stops the embedded servers (if this process started them) and the pool. */
    public Future<Void> close() {
        return notifications.close()
                .eventually(() -> embedded == null ? Future.succeededFuture() : embedded.close())
                .eventually(pool::close);
    }
}
