package fr.sante.dmp.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Validated tokens by the SHA-256 of the token, until they expire, so signature checks do not dominate the hot path.
 * Bounded (least recently used leaves first); only the hash is kept, never the token. Shared by the event loops, hence
 * the short synchronized sections.
 */
final class TokenCache {
    private final Map<String, Caller> entries;
    private final Clock clock;

    TokenCache(int maxEntries, Clock clock) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Caller> eldest) {
                return size() > maxEntries;
            }
        };
    }

    Optional<Caller> get(String key) {
        synchronized (entries) {
            Caller c = entries.get(key);
            if (c == null) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(c.expiresAt())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(c);
        }
    }

    void put(String key, Caller caller) {
        synchronized (entries) {
            entries.put(key, caller);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
