package fr.sante.dmp.gateway.messaging;

import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.embedded.EmbeddedMessaging;
import fr.sante.dmp.pwa.CodeSender;
import fr.sante.dmp.pwa.OutboxCodeSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The notifications module as the platform runs it: its migrations, a pool of its own (the dispatcher's loops must not
 * starve the record store's), the dispatcher with the configured providers, or, when none is configured, the embedded
 * SMSC, SMTP server and dev inbox on 127.0.0.1.
 */
public final class Messaging {
    private final Pool pool;
    private final Notifications notifications;
    private final EmbeddedMessaging embedded;

    private Messaging(Pool pool, Notifications notifications, EmbeddedMessaging embedded) {
        this.pool = pool;
        this.notifications = notifications;
        this.embedded = embedded;
    }

    /** Migrates (on a worker), then starts the embedded servers if needed, then the dispatcher. */
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
            Future<EmbeddedMessaging> embedded = config.embeddedMessaging()
                    ? EmbeddedMessaging.start(vertx, config.inboxPort())
                    : Future.succeededFuture(null);
            return embedded.compose(em -> {
                // Postal letters always: their PDF batches go to DMP_DATA_DIR/letters, where the mail house's share
                // is mounted in production (docs/notifications.md, "Letters").
                NotifyOptions options = (em != null ? em.options(payloadKey)
                        : new NotifyOptions(config.smpp().orElse(null), config.smtp().orElse(null),
                                NotifyOptions.Dispatch.defaults(), payloadKey))
                        .withLetters(NotifyOptions.Letters.of(config.letterDir()));
                return Notifications.start(vertx, pool, options)
                        .map(n -> new Messaging(pool, n, em))
                        .onFailure(e -> {
                            pool.close();
                            if (em != null) {
                                em.close();
                            }
                        });
            }, e -> pool.close().transform(ar -> Future.failedFuture(e)));
        });
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

    /** The dev inbox's port, in embedded mode. */
    public Optional<Integer> inboxPort() {
        return Optional.ofNullable(embedded).map(EmbeddedMessaging::inboxPort);
    }

    /** Lets the dispatcher finish its batch, then stops the embedded servers and the pool. */
    /** The outbox's counts by channel, kind and status (business metrics; one scan: every minute, not per request). */
    public Future<java.util.List<fr.sante.dmp.notify.outbox.Outbox.ChannelCount>> outboxCounts() {
        return notifications.outbox().countsByChannel(pool);
    }

    /** The outbox's backlog (business metrics). */
    public Future<fr.sante.dmp.notify.outbox.Outbox.Backlog> outboxBacklog() {
        return notifications.outbox().backlog(pool);
    }

    public Future<Void> close() {
        return notifications.close()
                .eventually(() -> embedded == null ? Future.succeededFuture() : embedded.close())
                .eventually(pool::close);
    }
}
