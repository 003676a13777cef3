package fr.sante.dmp.store.patient.login;

import fr.sante.dmp.store.patient.PrintedCodes;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.store.RecordException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The code sent with the invitation (R1111-28: valid for the 6-week window, can be regenerated). Only a keyed hash is
 * stored, HMAC-SHA256(key, record id || code) with a key derived from the INS-hash key: a 12-symbol code (60 bits)
 * under a plain hash could be searched from a database dump.
 */
public final class InvitationCodes {
    public static final int LENGTH = 12;
    private static final String SET = "UPDATE record SET invitation_code_hash = $2, "
            + "invitation_code_expires_at = COALESCE(opposition_deadline, $3), updated_at = $4, "
            + "invitation_code_lookup = $5 WHERE id = $1 RETURNING id";

    private final ThreadLocal<Mac> mac;
    /** The code alone, under a key of its own: how a phone agent finds an invitation by the code read out. */
    private final ThreadLocal<Mac> lookupMac;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    /** The policy's opposition window: a code reissued without a deadline yet lives that long. */
    private final java.time.Duration window;

    /** {@code insHashKey}: the store's INS-hash key ({@code StoreOptions.insHashKey()}); a sub-key is derived. */
    public InvitationCodes(byte[] insHashKey, Clock clock, java.time.Duration oppositionWindow) {
        this.clock = clock;
        this.window = oppositionWindow;
        byte[] derived = hmac(new SecretKeySpec(insHashKey.clone(), "HmacSHA256"),
                "dmp:invitation-code-key:v1".getBytes(StandardCharsets.US_ASCII));
        SecretKeySpec key = new SecretKeySpec(derived, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> init(key));
        SecretKeySpec lookupKey = new SecretKeySpec(hmac(new SecretKeySpec(insHashKey.clone(), "HmacSHA256"),
                "dmp:invitation-code-lookup-key:v1".getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
        this.lookupMac = ThreadLocal.withInitial(() -> init(lookupKey));
    }

    /**
     * Sets a new invitation code on the record, replacing any previous one, valid until the record's opposition
     * deadline (or the policy's window from now if it has none), within the caller's transaction; returns the code to print or
     * send. Appends no audit entry: the caller audits its own unit of work. Fails with NotFound for an unknown record.
     */
    public Future<String> issue(SqlConnection tx, UUID recordId) {
        String code = PrintedCodes.random(random, LENGTH);
        Instant now = clock.instant();
        Tuple args = Tuple.of(recordId, Buffer.buffer(hash(recordId, code)),
                time(now.plus(window)), time(now), Buffer.buffer(lookup(code)));
        return tx.preparedQuery(SET).execute(args).compose(rows -> rows.rowCount() == 1
                ? Future.succeededFuture(code)
                : Future.failedFuture(new RecordException.NotFound("record")));
    }

    /** A new code and its keyed hash, for a record written with it in one statement (campaign import). */
    public record Issued(String code, byte[] hash, byte[] lookup) {
        @Override
        public String toString() {
            return "Issued[code hidden]";
        }
    }

    /**
     * A new code for {@code recordId} without touching the database: the caller stores {@link Issued#hash()} in
     * {@code record.invitation_code_hash} itself (e.g. in its bulk INSERT) and sends {@link Issued#code()}.
     * Thread-safe (CPU only): may run on a worker thread.
     */
    public Issued generate(UUID recordId) {
        String code = PrintedCodes.random(random, LENGTH);
        return new Issued(code, hash(recordId, code), lookup(code));
    }

    /** Whether {@code typed} is the code whose hash is stored (constant-time comparison). */
    public boolean matches(UUID recordId, byte[] storedHash, String typed) {
        byte[] candidate = hash(recordId, typed);
        return storedHash != null && MessageDigest.isEqual(storedHash, candidate);
    }

    /** The code's lookup hash ({@code record.invitation_code_lookup}), whatever the case, spaces or dashes typed. */
    public byte[] lookup(String code) {
        return lookupMac.get().doFinal(PrintedCodes.normalize(code).getBytes(StandardCharsets.US_ASCII));
    }

    public byte[] hash(UUID recordId, String code) {
        Mac m = mac.get();
        m.update(PrintedCodes.uuid(recordId));
        return m.doFinal(PrintedCodes.normalize(code).getBytes(StandardCharsets.US_ASCII));
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Mac init(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        return init(key).doFinal(data);
    }
}
