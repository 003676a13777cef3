package fr.sante.dmp.store.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * A bounded cache of unwrapped data keys for the hot path. An entry is used only if the wrapped key read from the
 * database in the same request is the one it was unwrapped from: a key destroyed or re-wrapped by another instance is
 * never served from here. Read by every event loop: Caffeine, not a synchronized map (issue 17); upkeep on the caller.
 */
final class DataKeyCache {
    private final Cache<UUID, Entry> entries;

    DataKeyCache(int capacity) {
        this.entries = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    SecretKey get(UUID recordId, byte[] wrapped) {
        Entry e = entries.getIfPresent(recordId);
        return e != null && Arrays.equals(e.wrapped, wrapped) ? e.key : null;
    }

    void put(UUID recordId, byte[] wrapped, SecretKey key) {
        entries.put(recordId, new Entry(wrapped.clone(), key));
    }

    void remove(UUID recordId) {
        entries.invalidate(recordId);
    }

    private record Entry(byte[] wrapped, SecretKey key) {
    }
}
