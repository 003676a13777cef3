package fr.sante.dmp.notify;

import static fr.sante.dmp.notify.support.Await.during;
import static fr.sante.dmp.notify.support.Await.result;
import static fr.sante.dmp.notify.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.notify.email.MessageIds;
import fr.sante.dmp.dev.EmbeddedMessaging;
import fr.sante.dmp.dev.ReceivedSms;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.outbox.OutboxStatus;
import fr.sante.dmp.notify.support.Messages;
import fr.sante.dmp.notify.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox end to end against real servers on loopback: PostgreSQL, the jSMPP SMSC and GreenMail. */
@ExtendWith(VertxExtension.class)
class DeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Vertx vertx;
    private static Pool pool;
    private static EmbeddedMessaging embedded;
    private Notifications notifications;
    private Outbox outbox;

    @BeforeAll
    static void startServers(Vertx vertx) {
        TestDatabase.postgres();
        DeliveryIT.vertx = vertx;
        pool = TestDatabase.pool(vertx, 8);
        embedded = result(EmbeddedMessaging.start(vertx, 0));
    }

    @AfterAll
    static void stopServers() {
        result(embedded.close());
        result(pool.close());
    }

    @BeforeEach
    void start() {
        TestDatabase.truncate();
        embedded.smsc().clear();
        embedded.smsc().reportReceipts(DeliveryReceiptState.DELIVRD);
        // GreenMail keeps mails across tests: each test uses its own recipients.
        NotifyOptions options = new NotifyOptions(embedded.smppSettings(), embedded.smtpSettings(),
                Messages.fastDispatch(), Messages.KEY);
        notifications = result(Notifications.start(vertx, pool, options));
        outbox = notifications.outbox();
    }

    @AfterEach
    void stop() {
        result(notifications.close());
    }

    private UUID enqueueCommitted(OutboundMessage m) {
        return result(pool.withTransaction(tx -> outbox.enqueue(tx, m)));
    }

    private OutboxStatus status(UUID id) {
        return result(outbox.status(pool, id));
    }

    private long mailsTo(String to) throws Exception {
        long n = 0;
        for (MimeMessage m : embedded.mail().received()) {
            if (m.getAllRecipients()[0].toString().equals(to)) {
                n++;
            }
        }
        return n;
    }

    private MimeMessage mailTo(String to) throws Exception {
        for (MimeMessage m : embedded.mail().received()) {
            if (m.getAllRecipients()[0].toString().equals(to)) {
                return m;
            }
        }
        throw new AssertionError("no mail");
    }

    @Test
    void messageEnqueuedInARolledBackTransactionIsNeverSent() throws Exception {
        String to = "rolled.back@example.org";
        Future<UUID> tx = pool.withTransaction(c -> outbox.enqueue(c, Messages.invitation(Channel.EMAIL, to, "rb-1"))
                .compose(id -> Future.<UUID>failedFuture(new IllegalStateException("the invitation was refused"))));
        assertThat(tx.toCompletionStage().toCompletableFuture()).failsWithin(WAIT);

        during(Duration.ofMillis(600), "nothing sent", () -> {
            try {
                return mailsTo(to) == 0;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(result(pool.query("SELECT count(*) FROM outbox_message").execute()).iterator().next().getLong(0))
                .isZero();
    }

    @Test
    void committedInvitationReachesTheSmscAndTheMailbox() throws Exception {
        String phone = Messages.phone(1);
        String email = "camille.martin@example.org";
        UUID sms = enqueueCommitted(Messages.invitation(Channel.SMS, phone, "inv-1-sms"));
        UUID mail = enqueueCommitted(Messages.invitation(Channel.EMAIL, email, "inv-1-email"));

        until(WAIT, "SMS received", () -> embedded.smsc().messages().stream().anyMatch(s -> s.to().equals(phone)));
        until(WAIT, "mail received", () -> {
            try {
                return mailsTo(email) == 1;
            } catch (Exception e) {
                return false;
            }
        });
        ReceivedSms received = embedded.smsc().messages().get(0);
        assertThat(received.text()).contains("15/03/2027").contains("https://monespacesante.fr/opposition")
                .contains("AB12-CD34");
        assertThat(received.from()).isEqualTo("MonEspSante");

        MimeMessage m = mailTo(email);
        assertThat(m.getSubject()).contains("15/03/2027");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        assertThat(m.getHeader("Message-ID")[0])
                .isEqualTo("<" + MessageIds.of(Outbox.keyHash("inv-1-email"), "notify.monespacesante.fr") + ">");
        assertThat(m.getHeader("List-Unsubscribe")).as("legal notice: no unsubscribe").isNull();
        assertThat(fr.sante.dmp.dev.EmbeddedMail.text(m)).contains("AB12-CD34");

        until(WAIT, "mail SENT", () -> status(mail) == OutboxStatus.SENT);
        until(WAIT, "SMS DELIVERED by its receipt", () -> status(sms) == OutboxStatus.DELIVERED);
    }

    @Test
    void informationalEmailCarriesListUnsubscribeButOtpEmailDoesNot() throws Exception {
        String to = "news.doc@example.org";
        enqueueCommitted(new OutboundMessage(Channel.EMAIL, to, "new-document", Language.en,
                Map.of("spaceUrl", "https://monespacesante.fr/", "when", "2027-03-15T10:00:00Z"),
                "doc-1", MessageKind.NEW_DOCUMENT));
        String otpTo = "otp.mail@example.org";
        enqueueCommitted(new OutboundMessage(Channel.EMAIL, otpTo, "otp", Language.en, Map.of("code", "654321"),
                "otp-mail-1", MessageKind.OTP));
        until(WAIT, "both mails", () -> {
            try {
                return mailsTo(to) == 1 && mailsTo(otpTo) == 1;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(mailTo(to).getHeader("List-Unsubscribe")[0]).isEqualTo("<https://localhost/preferences/notifications>");
        assertThat(mailTo(otpTo).getHeader("List-Unsubscribe")).isNull();
        assertThat(mailTo(otpTo).getSubject()).isEqualTo("Your Mon espace santé sign-in code");
    }

    @Test
    void duplicateIdempotencyKeyYieldsOneMessage() throws Exception {
        String to = Messages.phone(2);
        UUID first = enqueueCommitted(Messages.otp(to, "otp-dup"));
        UUID second = enqueueCommitted(Messages.otp(to, "otp-dup"));
        assertThat(second).isEqualTo(first);

        until(WAIT, "sent", () -> embedded.smsc().messages().size() == 1);
        during(Duration.ofMillis(500), "still one", () -> embedded.smsc().messages().size() == 1);
        assertThat(embedded.smsc().messages().get(0).text()).contains("123456").contains("5 minutes");
    }

    @Test
    void failedDeliveryReceiptMarksTheSmsFailed() {
        embedded.smsc().reportReceipts(DeliveryReceiptState.UNDELIV);
        UUID id = enqueueCommitted(Messages.otp(Messages.phone(3), "otp-undeliv"));
        until(WAIT, "FAILED by receipt", () -> status(id) == OutboxStatus.FAILED);
        String error = result(pool.preparedQuery("SELECT last_error FROM outbox_message WHERE id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(id))).iterator().next().getString(0);
        assertThat(error).contains("UNDELIV");
    }

    @Test
    void bounceMarksTheEmailFailed() throws Exception {
        String to = "bounce@example.org";
        UUID id = enqueueCommitted(Messages.invitation(Channel.EMAIL, to, "bounce-1"));
        until(WAIT, "SENT", () -> status(id) == OutboxStatus.SENT);
        String messageId = mailTo(to).getHeader("Message-ID")[0];

        result(notifications.recordBounce(messageId, "550 5.1.1 user unknown"));
        result(notifications.applyReceipts());
        assertThat(status(id)).isEqualTo(OutboxStatus.FAILED);
    }

    @Test
    void invalidRecipientOrParameterFailsTheCallersTransaction() {
        Future<UUID> badPhone = pool.withTransaction(tx -> outbox.enqueue(tx, Messages.otp("0612345678", "bad-1")));
        assertThat(badPhone.toCompletionStage().toCompletableFuture()).failsWithin(WAIT)
                .withThrowableThat().withMessageContaining("recipient");
        Future<UUID> freeText = pool.withTransaction(tx -> outbox.enqueue(tx, new OutboundMessage(Channel.SMS,
                Messages.phone(4), "otp", Language.fr, Map.of("code", "cancer du poumon"), "bad-2", MessageKind.OTP)));
        assertThat(freeText.toCompletionStage().toCompletableFuture()).failsWithin(WAIT)
                .withThrowableThat().withMessageContaining("params.code");
    }

    @Test
    void devInboxListsMessagesByRecipient() throws Exception {
        String phone = Messages.phone(5);
        String email = "inbox.reader@example.org";
        enqueueCommitted(Messages.invitation(Channel.SMS, phone, "inbox-sms"));
        enqueueCommitted(Messages.invitation(Channel.EMAIL, email, "inbox-mail"));
        enqueueCommitted(Messages.otp(Messages.phone(6), "inbox-other"));
        until(WAIT, "all received", () -> embedded.smsc().messages().size() == 2 && mailCount(email) == 1);

        HttpClient http = HttpClient.newHttpClient();
        JsonArray sms = get(http, "/api/messages?to=" + phone.replace("+", "%2B"));
        assertThat(sms.size()).isEqualTo(1);
        JsonObject s = sms.getJsonObject(0);
        assertThat(s.getString("channel")).isEqualTo("sms");
        assertThat(s.getString("to")).isEqualTo(phone);
        assertThat(s.getString("body")).contains("AB12-CD34");
        assertThat(s.getString("receivedAt")).isNotBlank();
        // an unencoded '+' arrives as a space: still found
        assertThat(get(http, "/api/messages?to=" + phone).size()).isEqualTo(1);

        JsonArray mails = get(http, "/api/messages?to=" + email);
        assertThat(mails.size()).isEqualTo(1);
        assertThat(mails.getJsonObject(0).getString("channel")).isEqualTo("email");
        assertThat(mails.getJsonObject(0).getString("subject")).contains("15/03/2027");

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + embedded.inboxPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Dev inbox").contains(email);
    }

    private long mailCount(String to) {
        try {
            return mailsTo(to);
        } catch (Exception e) {
            return -1;
        }
    }

    private JsonArray get(HttpClient http, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + embedded.inboxPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        return new JsonArray(r.body());
    }
}
