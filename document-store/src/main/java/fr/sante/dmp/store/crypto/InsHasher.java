package fr.sante.dmp.store.crypto;

import fr.sante.dmp.consent.Ins;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The lookup key of a record: HMAC-SHA256(insHashKey, INS). Keyed, so that the database alone (a dump, a replica)
 * does not reveal who is who: the 10^13 possible INS would be trivially enumerable under a plain hash.
 */
public final class InsHasher {
    private final ThreadLocal<Mac> mac;

    public InsHasher(byte[] insHashKey) {
        SecretKeySpec key = new SecretKeySpec(insHashKey.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    public byte[] hash(Ins ins) {
        return mac.get().doFinal(ins.value().getBytes(StandardCharsets.US_ASCII));
    }
}
