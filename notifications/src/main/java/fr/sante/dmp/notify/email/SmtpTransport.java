package fr.sante.dmp.notify.email;

import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.dispatch.SendResult;
import fr.sante.dmp.notify.dispatch.Transport;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.template.RenderedMessage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.ConnectException;
import java.util.List;

/**
 * E-mail over SMTP with the non-blocking Vert.x mail client (pooled, kept-alive connections). Text and HTML parts,
 * a deterministic Message-ID, {@code Auto-Submitted}, and {@code List-Unsubscribe} only for non-legal messages.
 */
public final class SmtpTransport implements Transport {
    private final MailClient mail;
    private final NotifyOptions.Smtp settings;

    public SmtpTransport(Vertx vertx, NotifyOptions.Smtp settings) {
        this.settings = settings;
        MailConfig config = new MailConfig()
                .setHostname(settings.host())
                .setPort(settings.port())
                .setStarttls(settings.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL)
                .setLogin(settings.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
                .setUsername(settings.username())
                .setPassword(settings.password())
                .setKeepAlive(true)
                .setMaxPoolSize(settings.maxConnections())
                .setOwnHostname(settings.messageIdDomain());
        this.mail = MailClient.create(vertx, config);
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public Future<SendResult> send(ClaimedMessage m, RenderedMessage r) {
        String messageId = MessageIds.of(m.keyHash(), settings.messageIdDomain());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Message-ID", "<" + messageId + ">")
                .add("Auto-Submitted", "auto-generated");
        if (!m.kind().legalNotice() && settings.unsubscribeUrl() != null) {
            // RFC 8058 one-click; never on invitations, OTP codes or break-glass notices (legal obligations).
            headers.add("List-Unsubscribe", "<" + settings.unsubscribeUrl() + ">")
                    .add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        MailMessage message = new MailMessage()
                .setFrom(settings.from())
                .setTo(m.recipient())
                .setSubject(r.subject())
                .setText(r.text())
                .setHtml(r.html())
                .setHeaders(headers);
        return mail.sendMail(message)
                .<SendResult>map(res -> new SendResult.Accepted(List.of(messageId)))
                .recover(e -> Future.succeededFuture(classify(e)));
    }

    private static SendResult classify(Throwable e) {
        if (e instanceof SMTPException s) {
            String reason = "smtp " + s.getReplyCode();
            return s.isPermanent() ? new SendResult.Permanent(reason) : new SendResult.Transient(reason);
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return new SendResult.Unavailable("smtp connection refused");
        }
        return new SendResult.Transient("smtp " + e.getClass().getSimpleName());
    }

    @Override
    public Future<Void> close() {
        return mail.close();
    }
}
