package fr.sante.dmp.notify.outbox;

import java.util.Map;
import java.util.UUID;

/**
 * A message claimed by a dispatcher, payload decrypted. Holds personal data: never log it whole.
 *
 * @param attempts this attempt's number (1 for the first)
 * @param stale    an OTP older than its 5-minute validity: useless, sent to DEAD instead
 */
public record ClaimedMessage(UUID id, Channel channel, MessageKind kind, String templateId, Language language,
                             String recipient, Map<String, String> params, byte[] keyHash, int attempts,
                             boolean stale) {
    @Override
    public String toString() {
        return "ClaimedMessage[" + id + ", " + channel + ", " + kind + ", attempt " + attempts + "]";
    }
}
