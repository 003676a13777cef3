package fr.sante.dmp.store.crypto;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * A small LRU of unwrapped data keys for the hot path. An entry is used only if the wrapped key read from the database
 * in the same request is the one it was unwrapped from: a key destroyed or re-wrapped by another instance is never
 * served from here.
 */
final class DataKeyCache {
    private final Map<UUID, Entry> entries;

    DataKeyCache(int capacity) {
        this.entries = new LinkedHashMap<>(Math.max(16, capacity / 4), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized SecretKey get(UUID recordId, byte[] wrapped) {
        Entry e = entries.get(recordId);
        return e != null && Arrays.equals(e.wrapped, wrapped) ? e.key : null;
    }

    synchronized void put(UUID recordId, byte[] wrapped, SecretKey key) {
        entries.put(recordId, new Entry(wrapped.clone(), key));
    }

    synchronized void remove(UUID recordId) {
        entries.remove(recordId);
    }

    private record Entry(byte[] wrapped, SecretKey key) {
    }
}
