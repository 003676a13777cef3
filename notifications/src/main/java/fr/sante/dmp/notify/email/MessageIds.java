package fr.sante.dmp.notify.email;

import java.util.HexFormat;

/**
 * Deterministic SMTP Message-IDs: the first 128 bits of SHA-256(idempotency key). A message sent twice (the crash
 * window, see docs/notifications.md) carries the same Message-ID both times, so the duplicate is recognisable by any
 * receiver and by our own bounce handling; the key itself cannot be recovered from it.
 */
public final class MessageIds {
    private MessageIds() {
    }

    /** Without angle brackets, e.g. {@code 3f2a...@notify.monespacesante.fr}. */
    public static String of(byte[] keyHash, String domain) {
        return HexFormat.of().formatHex(keyHash, 0, 16) + "@" + domain;
    }

    /** Strips the angle brackets and spaces a header or DSN may carry. */
    public static String normalize(String messageId) {
        String s = messageId.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }
}
