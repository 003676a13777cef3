package fr.sante.dmp.notify.dispatch;

import java.util.List;

/** How the provider answered. Reasons are technical (status codes), never personal data. */
public sealed interface SendResult {

    /** The provider took the message; {@code providerIds} correlate later receipts. */
    record Accepted(List<String> providerIds) implements SendResult {
    }

    /** Try again later (throttled, timeout, temporary error); counts as an attempt. */
    record Transient(String reason) implements SendResult {
    }

    /** The link was down before anything left: retry without counting an attempt. */
    record Unavailable(String reason) implements SendResult {
    }

    /** Will never succeed (invalid destination, 5xx): dead now. */
    record Permanent(String reason) implements SendResult {
    }
}
