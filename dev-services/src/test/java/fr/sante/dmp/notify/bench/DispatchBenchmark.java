package fr.sante.dmp.notify.bench;

import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.dev.EmbeddedMessaging;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Dispatch throughput to the loopback SMSC and SMTP server, throughput limit off, delivery receipts on.
 * Not run by {@code verify}. Usage (see docs/BENCHMARKS.md): {@code DispatchBenchmark [sms] [emails] [smppSenderThreads]}.
 */
public final class DispatchBenchmark {
    private DispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sms = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int emails = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Vertx vertx = Vertx.vertx();
        TestDatabase.postgres();
        Pool pool = TestDatabase.pool(vertx, 16);
        EmbeddedMessaging embedded = get(EmbeddedMessaging.start(vertx, 0));
        embedded.smsc().reportReceipts(org.jsmpp.util.DeliveryReceiptState.DELIVRD);
        Outbox outbox = Notifications.outboxOnly(new byte[32]);

        long t0 = System.nanoTime();
        enqueue(pool, outbox, Channel.SMS, sms);
        enqueue(pool, outbox, Channel.EMAIL, emails);
        double enqueueSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("enqueued %d SMS + %d e-mails in %.1f s (%.0f msg/s, one transaction per 1000)%n", sms,
                emails, enqueueSecs, (sms + emails) / enqueueSecs);

        NotifyOptions.Dispatch dispatch = new NotifyOptions.Dispatch(500, 2, 8, Duration.ofSeconds(30),
                Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(60));
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        NotifyOptions.Smpp d = embedded.smppSettings(); // throughputPerSecond = 0: no limit
        NotifyOptions.Smpp smpp = new NotifyOptions.Smpp(d.host(), d.port(), d.systemId(), d.password(),
                d.sourceAddress(), 0, senders, d.submitTimeout(), d.reconnectMin(), d.reconnectMax());
        runChannel(vertx, pool, new NotifyOptions(smpp, null, dispatch, new byte[32]), Channel.SMS, sms,
                () -> embedded.smsc().messages().size());
        runChannel(vertx, pool, new NotifyOptions(null, embedded.smtpSettings(), dispatch, new byte[32]), Channel.EMAIL,
                emails, () -> embedded.mail().received().length);

        get(embedded.close());
        get(pool.close());
        get(vertx.close());
        System.exit(0);
    }

    private static void runChannel(Vertx vertx, Pool pool, NotifyOptions options, Channel name, int count,
                                   java.util.function.IntSupplier received) throws Exception {
        long start = System.nanoTime();
        Notifications n = get(Notifications.start(vertx, pool, options));
        while (received.getAsInt() < count) {
            Thread.sleep(10);
        }
        double atReceiver = (System.nanoTime() - start) / 1e9;
        while (get(pool.preparedQuery("SELECT count(*) FROM outbox_message WHERE channel = $1 AND status IN ('QUEUED','SENDING')")
                .execute(io.vertx.sqlclient.Tuple.of(name.name())))
                .iterator().next().getLong(0) > 0) {
            Thread.sleep(10);
        }
        double recorded = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d received in %.2f s = %.0f msg/s (all recorded SENT after %.2f s = %.0f msg/s)%n",
                name, count, atReceiver, count / atReceiver, recorded, count / recorded);
        get(n.close());
    }

    private static void enqueue(Pool pool, Outbox outbox, Channel channel, int count) throws Exception {
        for (int from = 0; from < count; from += 1000) {
            int start = from;
            int end = Math.min(count, from + 1000);
            get(pool.withTransaction(tx -> {
                Future<java.util.UUID> last = Future.succeededFuture();
                for (int i = start; i < end; i++) {
                    OutboundMessage m = channel == Channel.SMS
                            ? new OutboundMessage(Channel.SMS, String.format("+33612%06d", i), "otp", Language.fr,
                                    Map.of("code", String.format("%06d", i % 1_000_000)), "bench-sms-" + i, MessageKind.OTP)
                            : new OutboundMessage(Channel.EMAIL, "bench" + i + "@example.org", "otp", Language.fr,
                                    Map.of("code", "123456"), "bench-mail-" + i, MessageKind.OTP);
                    last = outbox.enqueue(tx, m); // pipelined on the transaction's connection
                }
                return last;
            }));
        }
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
}
