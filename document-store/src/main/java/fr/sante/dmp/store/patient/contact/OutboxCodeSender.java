package fr.sante.dmp.store.patient.contact;

import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.template.TemplateCatalog;
import fr.sante.dmp.store.patient.login.PatientContact;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.UUID;

/**
 * {@link CodeSender} through the notifications outbox: the code is written to the outbox (encrypted at rest) in its
 * own transaction and the dispatcher sends it by SMS, or by e-mail when there is no phone. The outbox drops an OTP
 * still unsent after 5 minutes, the code's own lifetime. For the composition root: {@code new OutboxCodeSender(pool,
 * notifications.outbox())}.
 */
public final class OutboxCodeSender implements CodeSender {

    /** The care code's own wording (give it to the professional, 10 minutes), once the catalogue has it. */
    static final String CARE_CODE_TEMPLATE = "care-code";

    /** The notice that code requests for the patient's identity were refused for a while (no code in it). */
    static final String LOGIN_LOCKED_TEMPLATE = "login-locked";

    /** The copy of an opposition's receipt, with its verification code. */
    static final String OPPOSITION_RECEIPT_TEMPLATE = "opposition-receipt";

    private final Pool pool;
    private final Outbox outbox;
    private final String careCodeTemplate;

    public OutboxCodeSender(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
        // Until the notifications catalogue ships its care-code template, the care code goes out with the login
        // code's wording (same parameter, same OTP kind), rather than not at all.
        this.careCodeTemplate = TemplateCatalog.load().templateIds().contains(CARE_CODE_TEMPLATE)
                ? CARE_CODE_TEMPLATE : "otp";
    }

    @Override
    public Future<Void> send(PatientContact to, String code, String language, Purpose purpose) {
        Channel channel = to.phone().isPresent() ? Channel.SMS : Channel.EMAIL;
        String recipient = to.phone().or(to::email).orElse(null);
        if (recipient == null) {
            return Future.failedFuture(new IllegalArgumentException("contact: no phone and no e-mail"));
        }
        // The key names no one: a fresh id per code (each code is a distinct message).
        String template = switch (purpose) {
            case CARE_CODE -> careCodeTemplate;
            case LOGIN_LOCKED -> LOGIN_LOCKED_TEMPLATE;
            case OPPOSITION_RECEIPT -> OPPOSITION_RECEIPT_TEMPLATE;
            case CONTACT_CODE -> "contact-code";
            case CONTACT_CHANGED -> "contact-changed";
            default -> "otp";
        };
        // A receipt is no one-time code: the outbox must not drop it as stale after 5 minutes (nor the notice of a
        // contact change, which is a security notice).
        MessageKind kind = switch (purpose) {
            case OPPOSITION_RECEIPT -> MessageKind.OPPOSITION_RECEIPT;
            case CONTACT_CHANGED -> MessageKind.CONTACT_CHANGED;
            default -> MessageKind.OTP;
        };
        Map<String, String> params = purpose == Purpose.LOGIN_LOCKED || purpose == Purpose.CONTACT_CHANGED
                ? Map.of("when", code) : Map.of("code", code);
        OutboundMessage message = new OutboundMessage(channel, recipient, template,
                "en".equals(language) ? Language.en : Language.fr, params,
                "otp:" + purpose.name().toLowerCase(java.util.Locale.ROOT) + ":" + UUID.randomUUID(), kind);
        return pool.withTransaction(tx -> outbox.enqueue(tx, message)).mapEmpty();
    }
}
