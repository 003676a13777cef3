package fr.sante.dmp.dev;

import java.time.Instant;

/**
 * An SMS as the embedded SMSC received it, concatenated parts reassembled.
 *
 * @param to        E.164 with '+'
 * @param reference hex of the DMP reference TLV (hash of the idempotency key), or null if absent
 * @param parts     number of submit_sm that carried it
 */
public record ReceivedSms(String to, String from, String text, Instant receivedAt, int parts, String reference,
                          String dataCoding) {
}
