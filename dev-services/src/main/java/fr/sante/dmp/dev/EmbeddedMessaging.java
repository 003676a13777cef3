package fr.sante.dmp.dev;

import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.notify.NotifyOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedded mode in one call: an SMSC (jSMPP) and an SMTP server (GreenMail) on loopback, and the dev inbox on
 * 127.0.0.1:{@code inboxPort}. The gateway starts this (through {@link DevServices}) when no SMPP/SMTP URLs are
 * configured and points its dispatcher at {@link #smppPort()}/{@link #smtpPort()}; tests pass {@link #options(byte[])}
 * to {@code Notifications.start}.
 */
public final class EmbeddedMessaging implements DevServices.Messaging {
    public static final String SMPP_SYSTEM_ID = DevServices.SMPP_SYSTEM_ID;
    public static final String SMPP_PASSWORD = DevServices.SMPP_PASSWORD;
    public static final String MAIL_FROM = DevServices.MAIL_FROM;

    private final Vertx vertx;
    private final EmbeddedSmsc smsc;
    private final EmbeddedMail mail;
    private DevInbox inbox;

    private EmbeddedMessaging(Vertx vertx, EmbeddedSmsc smsc, EmbeddedMail mail) {
        this.vertx = vertx;
        this.smsc = smsc;
        this.mail = mail;
    }

    /** Starts the SMSC and SMTP server (on worker threads: both are blocking) and the inbox (0 = any free port). */
    public static Future<EmbeddedMessaging> start(Vertx vertx, int inboxPort) {
        return vertx.executeBlocking(() -> new EmbeddedMessaging(vertx, EmbeddedSmsc.start(0), EmbeddedMail.start(0)))
                .compose(em -> {
                    em.inbox = new DevInbox(vertx, em::allMessages, em.smppPort(), em.smtpPort());
                    return em.inbox.listen(inboxPort).map(i -> em)
                            .recover(e -> em.close().transform(ar -> Future.failedFuture(e)));
                });
    }

    public String smppHost() {
        return smsc.host();
    }

    @Override
    public int smppPort() {
        return smsc.port();
    }

    public String smtpHost() {
        return mail.host();
    }

    @Override
    public int smtpPort() {
        return mail.port();
    }

    @Override
    public int inboxPort() {
        return inbox.port();
    }

    public EmbeddedSmsc smsc() {
        return smsc;
    }

    public EmbeddedMail mail() {
        return mail;
    }

    public NotifyOptions.Smpp smppSettings() {
        return smppAt(smppPort());
    }

    public NotifyOptions.Smtp smtpSettings() {
        return smtpAt(smtpPort());
    }

    private static NotifyOptions.Smpp smppAt(int port) {
        return NotifyOptions.Smpp.of("127.0.0.1", port, SMPP_SYSTEM_ID, SMPP_PASSWORD);
    }

    private static NotifyOptions.Smtp smtpAt(int port) {
        return NotifyOptions.Smtp.of("127.0.0.1", port, MAIL_FROM)
                .withUnsubscribeUrl("https://localhost/preferences/notifications");
    }

    /** Options pointing at the embedded servers with default dispatch settings. */
    public NotifyOptions options(byte[] payloadKey) {
        return new NotifyOptions(smppSettings(), smtpSettings(), NotifyOptions.Dispatch.defaults(), payloadKey);
    }

    /** What the inbox shows for {@code to} (null = everything), oldest first. */
    public Future<List<InboxMessage>> messages(String to) {
        return inbox.messages(to);
    }

    private List<InboxMessage> allMessages() {
        List<InboxMessage> all = new ArrayList<>();
        for (ReceivedSms s : smsc.messages()) {
            all.add(new InboxMessage("sms", s.to(), null, s.text(), s.receivedAt()));
        }
        all.addAll(mail.messages());
        return all;
    }

    @Override
    public Future<Void> close() {
        Future<Void> http = inbox == null ? Future.succeededFuture() : inbox.close();
        return http.eventually(() -> vertx.executeBlocking(() -> {
            smsc.close();
            mail.close();
            return null;
        }));
    }
}
