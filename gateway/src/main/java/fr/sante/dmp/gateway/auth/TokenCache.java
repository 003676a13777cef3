package fr.sante.dmp.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Validated tokens by the SHA-256 of the token, until they expire, so signature checks do not dominate the hot path.
 * Bounded; only the hash is kept, never the token. Shared by every event loop's HTTP verticle: a Caffeine cache, so
 * that the loops never queue on one lock (it replaced a synchronized LinkedHashMap, issue 17). Its upkeep runs on the
 * calling thread, a few entries at a time, rather than hopping to the common pool.
 */
final class TokenCache {
    private final Cache<String, Caller> entries;
    private final Clock clock;

    TokenCache(int maxEntries, Clock clock) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    }

    Optional<Caller> get(String key) {
        Caller c = entries.getIfPresent(key);
        if (c == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(c.expiresAt())) {
            entries.asMap().remove(key, c); // not a fresher entry another loop just put
            return Optional.empty();
        }
        return Optional.of(c);
    }

    void put(String key, Caller caller) {
        entries.put(key, caller);
    }

    int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
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
