package fr.sante.dmp.notify.embedded;

import fr.sante.dmp.notify.NotifyOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedded mode in one call: an SMSC (jSMPP) and an SMTP server (GreenMail) on loopback, and the dev inbox on
 * 127.0.0.1:{@code inboxPort}. The gateway starts this when no SMPP/SMTP URLs are configured, then passes
 * {@link #options(byte[])} (or its own settings pointing at {@link #smppPort()}/{@link #smtpPort()}) to
 * {@code Notifications.start}.
 */
public final class EmbeddedMessaging {
    public static final String SMPP_SYSTEM_ID = "dmp";
    public static final String SMPP_PASSWORD = "dmp-dev";
    public static final String MAIL_FROM = "Mon espace santé <ne-pas-repondre@monespacesante.fr>";

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

    /**
     * The SMSC and SMTP server of the platform's dev inbox already listening on 127.0.0.1:{@code inboxPort} (another
     * process of the same platform started them), as options pointing there; empty when nothing answers there as a
     * dev inbox within a second. One inbox per platform: a code asked on one gateway is read where any other's is.
     */
    public static Future<java.util.Optional<NotifyOptions>> join(Vertx vertx, int inboxPort, byte[] payloadKey) {
        if (inboxPort == 0) {
            return Future.succeededFuture(java.util.Optional.empty());
        }
        io.vertx.core.http.HttpClientAgent client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setConnectTimeout(1000));
        return client.request(new io.vertx.core.http.RequestOptions().setHost("127.0.0.1").setPort(inboxPort)
                        .setURI(DevInbox.SERVERS).setIdleTimeout(1000))
                .compose(req -> req.send())
                .compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : Future.failedFuture("not a dev inbox: HTTP " + resp.statusCode()))
                .map(body -> {
                    io.vertx.core.json.JsonObject ports = body.toJsonObject();
                    return java.util.Optional.of(new NotifyOptions(smppAt(ports.getInteger("smppPort")),
                            smtpAt(ports.getInteger("smtpPort")), NotifyOptions.Dispatch.defaults(), payloadKey));
                })
                .otherwise(e -> java.util.Optional.empty())
                .eventually(client::close);
    }

    public String smppHost() {
        return smsc.host();
    }

    public int smppPort() {
        return smsc.port();
    }

    public String smtpHost() {
        return mail.host();
    }

    public int smtpPort() {
        return mail.port();
    }

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

    public Future<Void> close() {
        Future<Void> http = inbox == null ? Future.succeededFuture() : inbox.close();
        return http.eventually(() -> vertx.executeBlocking(() -> {
            smsc.close();
            mail.close();
            return null;
        }));
    }
}
