package fr.sante.dmp.store;

import java.time.Clock;
import java.util.Objects;

/**
 * How to reach PostgreSQL and which keys protect the data.
 *
 * @param pgUri      {@code postgresql://user:password@host:port/database}
 * @param poolSize   connections in the pool
 * @param masterKey  32 bytes: wraps every patient data key (AES-256-GCM)
 * @param insHashKey 32 bytes: keys the HMAC of the INS used for lookups, so the database alone does not reveal who is who
 * @param clock      the source of time for lifecycle and audit
 */
public record StoreOptions(String pgUri, int poolSize, byte[] masterKey, byte[] insHashKey, Clock clock) {
    public StoreOptions {
        Objects.requireNonNull(pgUri, "pgUri");
        Objects.requireNonNull(clock, "clock");
        if (masterKey == null || masterKey.length != 32) {
            throw new IllegalArgumentException("masterKey must be 32 bytes");
        }
        if (insHashKey == null || insHashKey.length != 32) {
            throw new IllegalArgumentException("insHashKey must be 32 bytes");
        }
    }

    @Override
    public String toString() {
        return "StoreOptions[poolSize=" + poolSize + "]";
    }
}
