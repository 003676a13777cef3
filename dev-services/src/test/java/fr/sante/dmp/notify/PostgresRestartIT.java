package fr.sante.dmp.notify;

import static fr.sante.dmp.notify.support.Await.during;
import static fr.sante.dmp.notify.support.Await.result;
import static fr.sante.dmp.notify.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.notify.email.MessageIds;
import fr.sante.dmp.dev.EmbeddedMessaging;
import fr.sante.dmp.dev.ReceivedSms;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.support.Messages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is stopped (pg_ctl stop, fast mode: every session is cut) while the dispatcher sends a queue, kept down
 * two seconds, then started again on the same data directory and port. The same dispatcher, never restarted, must
 * resume by itself; every message arrives exactly once at the SMSC and at GreenMail. Own server (not the suite's
 * shared one) because it is stopped.
 */
class PostgresRestartIT {
    private static final int SMS = 200;
    private static final int MAILS = 30;

    private EmbeddedPostgres postgres;
    private Vertx vertx;
    private Pool pool;
    private EmbeddedMessaging embedded;
    private Notifications notifications;

    @AfterEach
    void stop() throws IOException {
        if (notifications != null) {
            result(notifications.close());
        }
        if (embedded != null) {
            result(embedded.close());
        }
        if (pool != null) {
            result(pool.close());
        }
        if (vertx != null) {
            result(vertx.close());
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void dispatcherSurvivesAPostgresRestartAndSendsEveryMessageExactlyOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("pg-restart");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        postgres = startPostgres(dataDir, port);
        Notifications.migrate(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
                .connectingTo(new PgConnectOptions().setHost("localhost").setPort(port).setDatabase("postgres")
                        .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true))
                .using(vertx).build();
        embedded = result(EmbeddedMessaging.start(vertx, 0));
        // Throttled so that the restart lands while the queue is being sent.
        notifications = result(Notifications.start(vertx, pool, new NotifyOptions(
                embedded.smppSettings().withThroughput(100), embedded.smtpSettings(),
                Messages.fastDispatch().withBatch(10, 2), Messages.KEY)));
        enqueue();

        until(Duration.ofSeconds(30), "sending started", () -> received() >= 50);
        postgres.close(); // pg_ctl stop -m fast
        postgres = null;
        int atStop = received();
        Thread.sleep(2_000);
        assertThat(received()).as("sending stops with the database: nothing can be claimed")
                .isLessThanOrEqualTo(atStop + 2 * 10 * 2);
        postgres = startPostgres(dataDir, port);

        until(Duration.ofSeconds(60), "every message received after the restart", () -> received() >= SMS + MAILS);
        until(Duration.ofSeconds(30), "every outcome recorded", () -> unfinished() == 0);
        during(Duration.ofMillis(500), "nothing more arrives", () -> received() == SMS + MAILS);
        Map<String, Integer> perReference = perReference();
        assertThat(perReference).hasSize(SMS + MAILS);
        assertThat(perReference.values()).as("each message exactly once").allMatch(n -> n == 1);
        assertThat(embedded.smsc().duplicateCount()).isZero();
    }

    private void enqueue() {
        List<OutboundMessage> all = new ArrayList<>();
        for (int i = 0; i < SMS + MAILS; i++) {
            all.add(i < SMS ? Messages.invitation(Channel.SMS, Messages.phone(i), "pg-restart-" + i)
                    : Messages.invitation(Channel.EMAIL, "person" + i + "@example.org", "pg-restart-" + i));
        }
        result(pool.withTransaction(tx -> {
            Future<Void> chain = Future.succeededFuture();
            for (OutboundMessage m : all) {
                chain = chain.compose(v -> notifications.outbox().enqueue(tx, m).mapEmpty());
            }
            return chain;
        }));
    }

    private int received() {
        return embedded.smsc().messages().size() + embedded.mail().received().length;
    }

    private Map<String, Integer> perReference() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (ReceivedSms s : embedded.smsc().messages()) {
            counts.merge(s.reference(), 1, Integer::sum);
        }
        for (MimeMessage m : embedded.mail().received()) {
            counts.merge(MessageIds.normalize(m.getMessageID()), 1, Integer::sum);
        }
        return counts;
    }

    private long unfinished() {
        try {
            Row r = result(pool.query("SELECT count(*) FROM outbox_message WHERE status NOT IN ('SENT', 'DELIVERED')")
                    .execute()).iterator().next();
            return r.getLong(0);
        } catch (RuntimeException e) {
            return -1; // the pool is reconnecting
        }
    }
}
