package fr.sante.dmp.notify.outbox;

import java.util.List;
import java.util.UUID;

/**
 * What happened to one claimed message, as recorded by {@link OutboxStore#record}.
 *
 * @param status       SENT, QUEUED (retry later) or DEAD
 * @param providerIds  ids the provider gave (one per SMS part; the Message-ID for e-mail); empty unless SENT
 * @param delaySeconds for QUEUED: when to try again
 * @param error        the reason for a retry or DEAD (no personal data)
 * @param deferred     the transport was unavailable before anything was sent: the attempt does not count
 */
public record Outcome(UUID id, OutboxStatus status, List<String> providerIds, double delaySeconds, String error,
                      boolean deferred) {

    public static Outcome sent(UUID id, List<String> providerIds) {
        return new Outcome(id, OutboxStatus.SENT, List.copyOf(providerIds), 0, null, false);
    }

    public static Outcome retry(UUID id, double delaySeconds, String error) {
        return new Outcome(id, OutboxStatus.QUEUED, List.of(), delaySeconds, error, false);
    }

    public static Outcome deferred(UUID id, double delaySeconds, String error) {
        return new Outcome(id, OutboxStatus.QUEUED, List.of(), delaySeconds, error, true);
    }

    public static Outcome dead(UUID id, String error) {
        return new Outcome(id, OutboxStatus.DEAD, List.of(), 0, error, false);
    }
}
