package fr.sante.dmp.notify;

import static fr.sante.dmp.notify.support.Await.during;
import static fr.sante.dmp.notify.support.Await.result;
import static fr.sante.dmp.notify.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.dev.EmbeddedMail;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.support.Messages;
import fr.sante.dmp.notify.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SMTP relay is down (connection refused) while e-mails are queued: they wait in the outbox without burning
 * attempts, and once the relay is back on the same address each arrives exactly once (counted by Message-ID, which is
 * derived from the idempotency key).
 */
@ExtendWith(VertxExtension.class)
class SmtpOutageIT {
    private static final int EMAILS = 40;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void start(Vertx vertx) {
        TestDatabase.postgres();
        TestDatabase.truncate();
        SmtpOutageIT.vertx = vertx;
        pool = TestDatabase.pool(vertx, 4);
    }

    @AfterAll
    static void stop() {
        result(pool.close());
    }

    @Test
    void smtpDownThenUpEmailsWaitThenGoNoneLostNoneTwice() throws Exception {
        int port = freePort();
        NotifyOptions.Smtp smtp = NotifyOptions.Smtp.of("127.0.0.1", port, "Mon espace santé <ne-pas-repondre@test>");
        Notifications n = result(Notifications.start(vertx, pool,
                new NotifyOptions(null, smtp, Messages.fastDispatch(), Messages.KEY)));
        EmbeddedMail relay = null;
        try {
            result(pool.withTransaction(tx -> {
                Future<Void> all = Future.succeededFuture();
                for (int i = 0; i < EMAILS; i++) {
                    OutboundMessage m = Messages.invitation(Channel.EMAIL, "patient" + i + "@example.org",
                            "smtp-outage-" + i);
                    all = all.compose(x -> n.outbox().enqueue(tx, m).mapEmpty());
                }
                return all;
            }));

            // Several poll intervals pass with nobody listening on the relay's port.
            // Claimed batches go back to QUEUED when the connection is refused: none is sent, none is given up.
            during(Duration.ofSeconds(2), "every e-mail waiting (queued or claimed) while the relay is down",
                    () -> {
                        Map<String, Long> now = statusCounts(); // one read: a batch moves between the two states
                        return now.getOrDefault("QUEUED", 0L) + now.getOrDefault("SENDING", 0L) == EMAILS;
                    });
            assertThat(maxAttempts()).as("refused connections do not burn attempts").isZero();

            relay = EmbeddedMail.start(port);
            EmbeddedMail receiver = relay;
            until(WAIT, "all e-mails received once the relay is back", () -> receiver.received().length >= EMAILS);
            until(WAIT, "all outcomes recorded", () -> {
                Map<String, Long> now = statusCounts();
                return now.getOrDefault("QUEUED", 0L) == 0 && now.getOrDefault("SENDING", 0L) == 0;
            });
            during(Duration.ofMillis(500), "no late duplicate", () -> receiver.received().length == EMAILS);

            Set<String> ids = new HashSet<>();
            for (MimeMessage m : relay.received()) {
                ids.add(m.getMessageID());
            }
            assertThat(ids).as("each e-mail exactly once").hasSize(EMAILS);
            assertThat(statusCounts()).doesNotContainKey("DEAD");
        } finally {
            result(n.close());
            if (relay != null) {
                relay.close();
            }
        }
    }

    /**
     * A relay that accepts connections and never answers: the sends are given up after the send timeout and retried,
     * instead of holding their batch, and the e-mail loop, for ever. Fails without the timeout: the messages stay
     * SENDING (a live dispatcher renews their lease).
     */
    @Test
    void aRelayThatNeverAnswersDoesNotHoldTheMessagesForEver() throws Exception {
        TestDatabase.truncate();
        List<java.net.Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // kept open, never written to
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-relay");
            acceptor.setDaemon(true);
            acceptor.start();
            NotifyOptions.Smtp smtp = NotifyOptions.Smtp.of("127.0.0.1", silent.getLocalPort(),
                    "Mon espace santé <ne-pas-repondre@test>");
            Notifications n = result(Notifications.start(vertx, pool, new NotifyOptions(null, smtp,
                    Messages.fastDispatch().withSendTimeout(Duration.ofSeconds(1)), Messages.KEY)));
            try {
                result(pool.withTransaction(tx -> {
                    Future<Void> all = Future.succeededFuture();
                    for (int i = 0; i < 5; i++) {
                        OutboundMessage m = Messages.invitation(Channel.EMAIL, "silent" + i + "@example.org",
                                "smtp-silent-" + i);
                        all = all.compose(x -> n.outbox().enqueue(tx, m).mapEmpty());
                    }
                    return all;
                }));
                until(Duration.ofSeconds(30), "every e-mail given up at least once, none held in SENDING",
                        () -> {
                            List<Row> rows = new java.util.ArrayList<>();
                            result(pool.query("SELECT count(*) FILTER (WHERE attempts >= 1 AND status <> 'SENDING' "
                                    + "AND last_error LIKE '%Timeout%') FROM outbox_message").execute())
                                    .forEach(rows::add);
                            return rows.get(0).getLong(0) == 5;
                        });
            } finally {
                // The relay goes first: the mail client's close waits for its connections, which hang on it.
                silent.close();
                synchronized (held) {
                    for (java.net.Socket s : held) {
                        s.close();
                    }
                }
                result(n.close());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Map<String, Long> statusCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (Row r : result(pool.query("SELECT status, count(*) FROM outbox_message GROUP BY status").execute())) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    /** Of the waiting messages: a claimed one counts its attempt until the refusal is recorded as deferred. */
    private static int maxAttempts() {
        List<Row> rows = new java.util.ArrayList<>();
        result(pool.query("SELECT coalesce(max(attempts), 0) FROM outbox_message WHERE status = 'QUEUED'").execute()).forEach(rows::add);
        return rows.get(0).getInteger(0);
    }
}
