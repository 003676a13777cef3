package fr.sante.dmp.notify.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message to enqueue. {@code recipient} is an E.164 phone number for SMS or an e-mail address; it and the template
 * parameters are personal data, encrypted at rest and never logged (see {@link #toString()}).
 *
 * @param channel        SMS or EMAIL
 * @param recipient      E.164 phone ({@code +33612345678}) or e-mail address
 * @param templateId     a template of the catalogue ({@code invitation}, {@code reminder}, {@code otp},
 *                       {@code new-document}, {@code break-glass})
 * @param language       fr or en
 * @param params         template parameters (typed by the template: dates, URLs, codes; never free text)
 * @param idempotencyKey unique per intended message, e.g. {@code invitation:<campaign>:<row>:sms}; a second enqueue
 *                       with the same key is a no-op. Stored hashed.
 * @param kind           why it is sent (decides headers such as List-Unsubscribe)
 * @param notBefore      earliest sending time ({@code null} = now)
 * @param groupKey       optional non-personal grouping for progress counts, e.g. {@code campaign:42}
 */
public record OutboundMessage(Channel channel, String recipient, String templateId, Language language,
                              Map<String, String> params, String idempotencyKey, MessageKind kind, Instant notBefore,
                              String groupKey) {

    public OutboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(kind, "kind");
        params = params == null ? Map.of() : Map.copyOf(params);
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 512) {
            throw new IllegalArgumentException("idempotencyKey must be 1..512 characters");
        }
    }

    /** Without a group key or delay. */
    public OutboundMessage(Channel channel, String recipient, String templateId, Language language,
                           Map<String, String> params, String idempotencyKey, MessageKind kind) {
        this(channel, recipient, templateId, language, params, idempotencyKey, kind, null, null);
    }

    @Override
    public String toString() {
        // Recipient and parameters are personal data: never printed.
        return "OutboundMessage[" + channel + ", " + kind + ", template=" + templateId + ", " + language + "]";
    }
}
