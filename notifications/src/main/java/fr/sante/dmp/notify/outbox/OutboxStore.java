package fr.sante.dmp.notify.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dispatcher's side of the outbox: claim due messages, record outcomes, recover expired leases, store and apply
 * delivery receipts. Every statement is a single round trip; batches use arrays with {@code unnest}.
 */
public final class OutboxStore {
    /** Claims due messages of one channel; SKIP LOCKED lets several dispatcher instances share the table. */
    private static final String CLAIM = """
            UPDATE outbox_message m
               SET status = 'SENDING', attempts = m.attempts + 1, claim_token = $1,
                   claimed_until = now() + make_interval(secs => $2), updated_at = now()
             WHERE m.id IN (SELECT id FROM outbox_message
                             WHERE status = 'QUEUED' AND channel = $3 AND next_attempt_at <= now()
                             ORDER BY next_attempt_at
                             LIMIT $4
                             FOR UPDATE SKIP LOCKED)
            RETURNING m.id, m.kind, m.template_id, m.language, m.payload, m.key_hash, m.attempts,
                      (m.kind = 'OTP' AND m.created_at < now() - interval '5 minutes') AS stale""";

    /**
     * Records a batch of outcomes and the provider ids in one atomic statement. The claim token guards against a
     * dispatcher whose lease expired overwriting the row another instance has since claimed.
     */
    private static final String RECORD = """
            WITH u AS (
              SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::bool[])
                       AS u(id, status, provider_id, delay, error, deferred)),
            upd AS (
              UPDATE outbox_message m
                 SET status = u.status,
                     provider_id = coalesce(u.provider_id, m.provider_id),
                     attempts = CASE WHEN u.deferred THEN m.attempts - 1 ELSE m.attempts END,
                     next_attempt_at = CASE WHEN u.status = 'QUEUED' THEN now() + make_interval(secs => u.delay)
                                            ELSE m.next_attempt_at END,
                     last_error = u.error,
                     sent_at = CASE WHEN u.status = 'SENT' THEN now() ELSE m.sent_at END,
                     claim_token = NULL, claimed_until = NULL, updated_at = now()
                FROM u
               WHERE m.id = u.id AND m.claim_token = $7
              RETURNING m.id),
            refs AS (
              INSERT INTO outbox_provider_ref (provider_id, message_id)
              SELECT * FROM unnest($8::text[], $9::uuid[])
              ON CONFLICT DO NOTHING)
            SELECT count(*) FROM upd""";

    /**
     * A dispatcher that died mid-batch leaves SENDING rows: after the lease they go back to the queue. $1: the claim
     * tokens of the calling dispatcher's own batches in flight, never taken back from it (it is alive, only slow).
     */
    private static final String RECOVER = """
            UPDATE outbox_message SET status = 'QUEUED', next_attempt_at = now(), claim_token = NULL,
                   claimed_until = NULL, last_error = 'lease expired: previous attempt outcome unknown', updated_at = now()
             WHERE id IN (SELECT id FROM outbox_message WHERE status = 'SENDING' AND claimed_until < now()
                             AND claim_token <> ALL($1::uuid[])
                          LIMIT 10000 FOR UPDATE SKIP LOCKED)""";
    /** A live dispatcher extends the leases of its batches in flight, so that no other instance resends them. */
    private static final String RENEW = """
            UPDATE outbox_message SET claimed_until = now() + make_interval(secs => $2)
             WHERE status = 'SENDING' AND claim_token = ANY($1::uuid[])""";

    private static final String INSERT_RECEIPTS = """
            INSERT INTO outbox_receipt (provider_id, delivered, detail)
            SELECT * FROM unnest($1::text[], $2::bool[], $3::text[])""";

    /**
     * Applies receipts whose provider id is known. A message is DELIVERED when all its receipts so far say delivered,
     * FAILED as soon as one part failed (a failure after DELIVERED still wins: the message is incomplete).
     *
     * <p>Each pending receipt looks its provider id up by the primary key (the LATERAL ... LIMIT 1 cannot become a
     * hash join): joined plainly, PostgreSQL hashed the few receipts and read the whole of outbox_provider_ref, which
     * keeps every id ever given (one per SMS part sent), at every sweep.
     */
    static final String APPLY_RECEIPTS = """
            WITH picked AS (
              SELECT r.id, p.message_id FROM outbox_receipt r
               CROSS JOIN LATERAL (SELECT message_id FROM outbox_provider_ref
                                    WHERE provider_id = r.provider_id LIMIT 1) p
               LIMIT 5000 FOR UPDATE OF r SKIP LOCKED),
            matched AS (
              DELETE FROM outbox_receipt r USING picked WHERE r.id = picked.id
              RETURNING picked.message_id, r.delivered, r.detail),
            agg AS (
              SELECT message_id, bool_and(delivered) AS delivered,
                     max(detail) FILTER (WHERE NOT delivered) AS detail
                FROM matched GROUP BY message_id)
            UPDATE outbox_message m
               SET status = CASE WHEN a.delivered THEN 'DELIVERED' ELSE 'FAILED' END,
                   delivered_at = CASE WHEN a.delivered THEN now() ELSE m.delivered_at END,
                   last_error = CASE WHEN a.delivered THEN m.last_error ELSE a.detail END,
                   updated_at = now()
              FROM agg a
             WHERE m.id = a.message_id
               AND (m.status = 'SENT' OR (m.status = 'DELIVERED' AND NOT a.delivered))""";

    private final Pool pool;
    private final PayloadCipher cipher;

    public OutboxStore(Pool pool, PayloadCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    public Future<List<ClaimedMessage>> claim(Channel channel, int limit, UUID token, double leaseSeconds) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(token, leaseSeconds, channel.name(), limit)).map(rows -> {
            List<ClaimedMessage> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(decode(channel, r));
            }
            return out;
        });
    }

    private ClaimedMessage decode(Channel channel, Row r) {
        byte[] keyHash = r.getBuffer("key_hash").getBytes();
        JsonObject plain = new JsonObject(new String(cipher.decrypt(r.getBuffer("payload").getBytes(), keyHash),
                StandardCharsets.UTF_8));
        Map<String, String> params = new HashMap<>();
        plain.getJsonObject("params").forEach(e -> params.put(e.getKey(), String.valueOf(e.getValue())));
        return new ClaimedMessage(r.getUUID("id"), channel, MessageKind.valueOf(r.getString("kind")),
                r.getString("template_id"), Language.valueOf(r.getString("language")), plain.getString("to"),
                Map.copyOf(params), keyHash, r.getInteger("attempts"), r.getBoolean("stale"));
    }

    /** Records outcomes of a batch claimed with {@code token}; returns how many rows this dispatcher still owned. */
    public Future<Integer> record(UUID token, List<Outcome> outcomes) {
        int n = outcomes.size();
        UUID[] ids = new UUID[n];
        String[] status = new String[n];
        String[] provider = new String[n];
        Double[] delay = new Double[n];
        String[] error = new String[n];
        Boolean[] deferred = new Boolean[n];
        List<String> refIds = new ArrayList<>();
        List<UUID> refMessages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            ids[i] = o.id();
            status[i] = o.status().name();
            provider[i] = o.providerIds().isEmpty() ? null : o.providerIds().get(0);
            delay[i] = o.delaySeconds();
            error[i] = o.error();
            deferred[i] = o.deferred();
            for (String p : o.providerIds()) {
                refIds.add(p);
                refMessages.add(o.id());
            }
        }
        Tuple t = Tuple.of(ids, status, provider, delay, error, deferred, token)
                .addArrayOfString(refIds.toArray(String[]::new))
                .addArrayOfUUID(refMessages.toArray(UUID[]::new));
        return pool.preparedQuery(RECORD).execute(t).map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Requeues SENDING rows whose lease expired, except those claimed with one of {@code ownTokens}. */
    public Future<Integer> recoverExpiredLeases(Collection<UUID> ownTokens) {
        return pool.preparedQuery(RECOVER).execute(Tuple.of(ownTokens.toArray(UUID[]::new)))
                .map(rows -> rows.rowCount());
    }

    /** Extends to now + {@code leaseSeconds} the lease of the SENDING rows claimed with {@code tokens}. */
    public Future<Integer> renewLeases(Collection<UUID> tokens, double leaseSeconds) {
        if (tokens.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return pool.preparedQuery(RENEW).execute(Tuple.of(tokens.toArray(UUID[]::new), leaseSeconds))
                .map(rows -> rows.rowCount());
    }

    /** Stores receipts (SMPP delivery receipts, e-mail bounces) durably; they are matched later by {@link #applyReceipts}. */
    public Future<Void> insertReceipts(List<String> providerIds, List<Boolean> delivered, List<String> details) {
        return pool.preparedQuery(INSERT_RECEIPTS)
                .execute(Tuple.of(providerIds.toArray(String[]::new), delivered.toArray(Boolean[]::new),
                        details.toArray(String[]::new)))
                .mapEmpty();
    }

    /** Applies matched receipts; returns the number of messages whose status changed. */
    public Future<Integer> applyReceipts() {
        return pool.query(APPLY_RECEIPTS).execute().map(rows -> rows.rowCount());
    }
}
