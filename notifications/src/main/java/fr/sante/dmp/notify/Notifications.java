package fr.sante.dmp.notify;

import fr.sante.dmp.notify.dispatch.Dispatcher;
import fr.sante.dmp.notify.dispatch.ReceiptRecorder;
import fr.sante.dmp.notify.dispatch.Transport;
import fr.sante.dmp.notify.email.MessageIds;
import fr.sante.dmp.notify.email.SmtpTransport;
import fr.sante.dmp.notify.letter.LetterTransport;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.outbox.OutboxStore;
import fr.sante.dmp.notify.outbox.PayloadCipher;
import fr.sante.dmp.notify.sms.SmppTransport;
import fr.sante.dmp.notify.template.TemplateCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * The notifications module, started: outbox API for callers, dispatcher and transports running.
 * Composition: {@link #migrate} once at start-up (worker thread), then {@link #start}.
 */
public final class Notifications {
    /** Flyway history table of this module; document-store keeps its own in the same database. */
    public static final String HISTORY_TABLE = "flyway_history_notifications";

    private final Vertx vertx;
    private final Outbox outbox;
    private final OutboxStore store;
    private final ReceiptRecorder receipts;
    private final List<Transport> transports;
    private final Dispatcher dispatcher;
    private String deploymentId;

    private Notifications(Vertx vertx, Outbox outbox, OutboxStore store, ReceiptRecorder receipts,
                          List<Transport> transports, Dispatcher dispatcher) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.store = store;
        this.receipts = receipts;
        this.transports = transports;
        this.dispatcher = dispatcher;
    }

    /**
     * Applies this module's migrations. Blocking (JDBC): call on a worker thread, or use
     * {@link #migrate(Vertx, String, String, String)}. Baselines at version 0 so that it works in a database whose
     * schema already holds another module's tables.
     */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/notifications")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** {@link #migrate(String, String, String)} on a worker thread. */
    public static Future<Void> migrate(Vertx vertx, String jdbcUrl, String user, String password) {
        return vertx.executeBlocking(() -> {
            migrate(jdbcUrl, user, password);
            return null;
        });
    }

    /**
     * Starts the transports configured in {@code options} (SMPP binds in the background and reconnects by itself) and
     * the dispatcher. {@code pool} is a PostgreSQL pool on the database where {@link #migrate} ran; do not pass a
     * pipelined {@code PgBuilder.client()}: the dispatcher needs transactions-free single statements only, but
     * callers' {@code enqueue} must run in their own transaction.
     */
    public static Future<Notifications> start(Vertx vertx, Pool pool, NotifyOptions options) {
        // Template files and phone metadata are read from the class path: not on an event loop.
        return vertx.executeBlocking(() -> {
            PayloadCipher cipher = new PayloadCipher(options.payloadKey());
            Outbox outbox = new Outbox(cipher, TemplateCatalog.load());
            outbox.warmUp();
            return outbox;
        }).compose(outbox -> (options.letters() == null ? Future.<LetterTransport>succeededFuture(null)
                : LetterTransport.start(vertx, options.letters(), Clock.systemUTC())).compose(letters -> {
            OutboxStore store = new OutboxStore(pool, outbox.cipher());
            ReceiptRecorder receipts = new ReceiptRecorder(vertx, store);
            List<Transport> transports = new ArrayList<>();
            if (options.smpp() != null) {
                transports.add(SmppTransport.start(vertx, options.smpp(), receipts));
            }
            if (options.smtp() != null) {
                transports.add(new SmtpTransport(vertx, options.smtp()));
            }
            if (letters != null) {
                transports.add(letters);
            }
            Dispatcher dispatcher = new Dispatcher(store, transports, outbox.templates(), options.dispatch());
            Notifications n = new Notifications(vertx, outbox, store, receipts, transports, dispatcher);
            return vertx.deployVerticle(dispatcher).map(id -> {
                n.deploymentId = id;
                return n;
            });
        }));
    }

    /**
     * The module for a process that only enqueues (the gateway's {@code api} role): the outbox on {@code pool}, no
     * transport, no dispatcher; the workers send what it commits. {@link #dispatcher()} is then null.
     */
    public static Future<Notifications> enqueueOnly(Vertx vertx, Pool pool, byte[] payloadKey) {
        return vertx.executeBlocking(() -> outboxOnly(payloadKey)).map(outbox -> {
            OutboxStore store = new OutboxStore(pool, outbox.cipher());
            return new Notifications(vertx, outbox, store, new ReceiptRecorder(vertx, store), List.of(), null);
        });
    }

    /**
     * An outbox for instances that only enqueue (no dispatcher), e.g. document-store tests. Blocking (reads the
     * templates): call at start-up on a worker thread.
     */
    public static Outbox outboxOnly(byte[] payloadKey) {
        Outbox outbox = Outbox.create(payloadKey);
        outbox.warmUp();
        return outbox;
    }

    /** The enqueue API: {@code outbox().enqueue(tx, message)} inside the caller's transaction. */
    public Outbox outbox() {
        return outbox;
    }

    /** The dispatcher; null in a process that only enqueues ({@link #enqueueOnly}). */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Records a bounce (e.g. from a DSN or the provider's webhook) for the e-mail with this Message-ID: status FAILED. */
    public Future<Void> recordBounce(String messageId, String reason) {
        return receipts.record(MessageIds.normalize(messageId), false, "bounce: " + reason);
    }

    /** Applies pending receipts now instead of at the next sweep (tests, operator command). */
    public Future<Integer> applyReceipts() {
        return store.applyReceipts();
    }

    /** Stops claiming, lets in-flight batches finish and be recorded, then closes the transports. */
    public Future<Void> close() {
        Future<Void> undeployed = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        return undeployed.compose(v -> {
            List<Future<Void>> closing = new ArrayList<>();
            for (Transport t : transports) {
                closing.add(t.close());
            }
            return Future.join(closing).mapEmpty();
        });
    }
}
