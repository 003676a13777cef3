package fr.sante.dmp.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Every AES-GCM vector of Project Wycheproof through the project's own wrapper ({@link Aead}, the code that seals
 * every title, document, identity and wrapped key). The wrapper's nonce comes from its SecureRandom: here a source
 * that serves the vector's IV, so encryption is checked byte for byte. The wrapper supports 96-bit nonces and 128-bit
 * tags only; vectors with other sizes are counted as not applicable (the sealed format cannot express them).
 */
class WycheproofAesGcmTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyApplicableWycheproofVectorPassesThroughTheWrapper() throws IOException {
        JsonObject file = load();
        int total = 0;
        int valid = 0;
        int invalid = 0;
        int notApplicable = 0;
        List<String> failures = new ArrayList<>();
        for (Object g : file.getJsonArray("testGroups")) {
            JsonObject group = (JsonObject) g;
            boolean applicable = group.getInteger("ivSize") == Aead.NONCE_BYTES * 8
                    && group.getInteger("tagSize") == Aead.TAG_BITS;
            for (Object t : group.getJsonArray("tests")) {
                JsonObject v = (JsonObject) t;
                total++;
                if (!applicable) {
                    notApplicable++;
                    continue;
                }
                String outcome = run(v);
                if (outcome != null) {
                    failures.add("tcId " + v.getInteger("tcId") + ": " + outcome);
                }
                if ("valid".equals(v.getString("result"))) {
                    valid++;
                } else {
                    invalid++;
                }
            }
        }
        System.out.printf("Wycheproof AES-GCM: %d vectors, %d applicable (%d valid, %d invalid), %d not applicable"
                + " (IV size other than 96 bits), %d failures%n", total, valid + invalid, valid, invalid,
                notApplicable, failures.size());
        assertThat(failures).isEmpty();
        assertThat(total).isEqualTo(file.getInteger("numberOfTests"));
        assertThat(valid + invalid).isEqualTo(197); // every 96-bit-IV vector of the file, AES-128, -192 and -256
    }

    /** Null when the wrapper behaves as the vector says, else what went wrong. */
    private static String run(JsonObject v) {
        byte[] key = HEX.parseHex(v.getString("key"));
        byte[] iv = HEX.parseHex(v.getString("iv"));
        byte[] aad = HEX.parseHex(v.getString("aad"));
        byte[] msg = HEX.parseHex(v.getString("msg"));
        byte[] ct = HEX.parseHex(v.getString("ct"));
        byte[] tag = HEX.parseHex(v.getString("tag"));
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        byte[] sealed = concat(new byte[] {Aead.VERSION}, iv, ct, tag);
        boolean expectValid = "valid".equals(v.getString("result"));
        if (expectValid) {
            // A fresh wrapper per vector: the JDK refuses to encrypt twice with one key and IV on the same Cipher.
            byte[] ours = new Aead(new FixedNonce(iv)).seal(k, msg, aad);
            if (!java.util.Arrays.equals(ours, sealed)) {
                return "encryption differs";
            }
            try {
                if (!java.util.Arrays.equals(new Aead(new SecureRandom()).open(k, sealed, aad), msg)) {
                    return "decryption differs";
                }
            } catch (CryptoIntegrityException e) {
                return "valid ciphertext refused";
            }
            return null;
        }
        try {
            new Aead(new SecureRandom()).open(k, sealed, aad);
            return "invalid ciphertext accepted";
        } catch (CryptoIntegrityException expected) {
            return null;
        }
    }

    @Test
    void aTruncatedOrUnknownFormatIsRefusedBeforeAnyDecryption() {
        Aead aead = new Aead(new SecureRandom());
        SecretKeySpec k = new SecretKeySpec(new byte[32], "AES");
        byte[] sealed = aead.seal(k, "x".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThatThrownBy(() -> aead.open(k, java.util.Arrays.copyOf(sealed, Aead.OVERHEAD - 1), new byte[0]))
                .isInstanceOf(CryptoIntegrityException.class);
        sealed[0] = 9;
        assertThatThrownBy(() -> aead.open(k, sealed, new byte[0])).isInstanceOf(CryptoIntegrityException.class);
    }

    private static JsonObject load() throws IOException {
        try (InputStream in = WycheproofAesGcmTest.class.getResourceAsStream("/wycheproof/aes_gcm_test.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Serves one vector's IV as the wrapper's "random" nonce. */
    private static final class FixedNonce extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] iv;

        FixedNonce(byte[] iv) {
            this.iv = iv.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(iv, 0, bytes, 0, bytes.length);
        }
    }
}
