package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * How the seeder protects what it writes. {@link #platform} is the only implementation used for real data: the store's
 * own {@link Envelope} and {@link InsHasher}, so seeded records are byte-for-byte in the platform's format (fresh data
 * key per record wrapped by the master key with AAD = record id, identity/title/content sealed with their AADs). The
 * seam exists so the benchmark can measure the raw COPY rate of the same rows without encryption. Not thread-safe:
 * one instance per producer thread.
 */
public interface SeedCrypto {

    byte[] insHash(Ins ins);

    RecordKey newRecordKey(UUID recordId);

    /** A record's fresh data key: its wrapped form and the sealing operations under it. */
    interface RecordKey {
        byte[] wrapped();

        byte[] identity(byte[] json);

        byte[] title(UUID documentId, String title);

        byte[] content(UUID documentId, byte[] content);
    }

    /** The platform's encryption (a new Envelope: its SecureRandom and cipher are not shared between threads). */
    static SeedCrypto platform(byte[] masterKey, byte[] insHashKey) {
        Envelope envelope = new Envelope(masterKey, 1);
        InsHasher hasher = new InsHasher(insHashKey);
        return new SeedCrypto() {
            @Override
            public byte[] insHash(Ins ins) {
                return hasher.hash(ins);
            }

            @Override
            public RecordKey newRecordKey(UUID recordId) {
                Envelope.NewDataKey k = envelope.newDataKey(recordId);
                SecretKey key = k.key();
                return new RecordKey() {
                    @Override
                    public byte[] wrapped() {
                        return k.wrapped();
                    }

                    @Override
                    public byte[] identity(byte[] json) {
                        return envelope.sealIdentity(key, recordId, json);
                    }

                    @Override
                    public byte[] title(UUID documentId, String title) {
                        return envelope.sealTitle(key, recordId, documentId, title);
                    }

                    @Override
                    public byte[] content(UUID documentId, byte[] content) {
                        return envelope.sealContent(key, recordId, documentId, content);
                    }
                };
            }
        };
    }
}
