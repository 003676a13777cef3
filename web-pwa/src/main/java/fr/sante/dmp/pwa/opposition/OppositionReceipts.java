package fr.sante.dmp.pwa.opposition;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.security.Hmac;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What makes the confirmation idempotent and the receipt page a GET (post-redirect-get): each confirmation form
 * carries a random nonce; the first POST with it claims it in Redis and opposes, any resend finds it claimed and
 * opposes nothing; the receipt is kept under it for the page the browser is redirected to (the nonce travels in an
 * HttpOnly cookie, not in the URL). A signed-in patient's session also keeps the receipt code, so that they can undo
 * without typing it.
 *
 * <p>Redis holds only keyed hashes of nonces and session ids, and the receipt sealed (AES-GCM) under a key derived
 * from the nonce or the session id with the server's secret: a Redis dump alone, or the secret alone, opens nothing;
 * only the browser that holds the cookie can have its receipt shown, as the store keeps only a hash of the code.
 */
public final class OppositionReceipts {

    /** As long as the invitation-code grant: the time to read, print or undo. */
    static final Duration TTL = OppositionGrants.TTL;
    private static final String PENDING = "pending";
    private static final int NONCE_BYTES = 24;

    /** The receipt as the page shows it, and whom it concerns. */
    public record Receipt(Ins ins, Instant opposedAt, Instant windowClosesAt, String code, String grant) {
    }

    private final RedisAPI redis;
    private final Hmac hmac;
    private final Duration sessionLifetime;
    private final SecureRandom random = new SecureRandom();

    public OppositionReceipts(RedisAPI redis, Hmac hmac, Duration sessionLifetime) {
        this.redis = redis;
        this.hmac = hmac;
        this.sessionLifetime = sessionLifetime;
    }

    /** A fresh nonce for a confirmation form. */
    public String newNonce() {
        return hmac.randomToken(NONCE_BYTES);
    }

    /** Whether this looks like one of our nonces (anything else is refused before Redis). */
    public static boolean wellFormed(String nonce) {
        return nonce != null && nonce.length() == 32 && nonce.matches("[A-Za-z0-9_-]+");
    }

    /** True for the first POST with this nonce only (SET NX): the one that may oppose. */
    public Future<Boolean> claim(String nonce) {
        return redis.set(List.of(nonceKey(nonce), PENDING, "NX", "PX", Long.toString(TTL.toMillis())))
                .map(r -> r != null && "OK".equals(r.toString()));
    }

    /** Gives the nonce back when the opposition failed for a reason of ours, so that a retry may oppose. */
    public Future<Void> release(String nonce) {
        return redis.del(List.of(nonceKey(nonce))).mapEmpty();
    }

    public Future<Void> save(String nonce, Receipt receipt) {
        String sealed = seal(key("nonce", nonce), json(receipt));
        return redis.set(List.of(nonceKey(nonce), sealed, "PX", Long.toString(TTL.toMillis()))).mapEmpty();
    }

    /** The receipt saved under this nonce; empty if none (never claimed, expired, or claimed but not yet saved). */
    public Future<Optional<Receipt>> find(String nonce) {
        if (!wellFormed(nonce)) {
            return Future.succeededFuture(Optional.empty());
        }
        return redis.get(nonceKey(nonce)).map(r -> {
            if (r == null || PENDING.equals(r.toString())) {
                return Optional.empty();
            }
            return open(key("nonce", nonce), r.toString()).map(OppositionReceipts::receipt);
        });
    }

    /** Keeps the receipt code with the signed-in session that opposed, for as long as a session can live. */
    public Future<Void> keepForSession(String sessionId, String code) {
        String sealed = seal(key("session", sessionId), new JsonObject().put("code", code));
        return redis.set(List.of(sessionKey(sessionId), sealed, "PX", Long.toString(sessionLifetime.toMillis())))
                .mapEmpty();
    }

    public Future<Optional<String>> codeForSession(String sessionId) {
        return redis.get(sessionKey(sessionId)).map(r -> r == null ? Optional.<String>empty()
                : open(key("session", sessionId), r.toString()).map(j -> j.getString("code")));
    }

    public Future<Void> forgetSession(String sessionId) {
        return redis.del(List.of(sessionKey(sessionId))).mapEmpty();
    }

    private static String nonceKey(String nonce) {
        return "pwa:opp:n:" + Hmac.sha256(nonce);
    }

    private static String sessionKey(String sessionId) {
        return "pwa:opp:s:" + Hmac.sha256(sessionId);
    }

    private SecretKeySpec key(String purpose, String token) {
        return new SecretKeySpec(Base64.getUrlDecoder().decode(hmac.sign("opposition-receipt", purpose, token)), "AES");
    }

    private String seal(SecretKeySpec key, JsonObject value) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(value.encode().getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Empty when the value does not open under this key (another nonce's, tampered, not ours). */
    private static Optional<JsonObject> open(SecretKeySpec key, String stored) {
        try {
            byte[] in = Base64.getDecoder().decode(stored);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return Optional.of(new JsonObject(new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException | io.vertx.core.json.DecodeException e) {
            return Optional.empty();
        }
    }

    private static JsonObject json(Receipt r) {
        return new JsonObject().put("ins", r.ins().value()).put("opposedAt", r.opposedAt().toString())
                .put("windowClosesAt", r.windowClosesAt().toString()).put("code", r.code())
                .put("grant", r.grant() == null ? "" : r.grant());
    }

    private static Receipt receipt(JsonObject j) {
        return new Receipt(Ins.parse(j.getString("ins")), Instant.parse(j.getString("opposedAt")),
                Instant.parse(j.getString("windowClosesAt")), j.getString("code"), j.getString("grant"));
    }
}
