package fr.sante.dmp.notify.outbox;

import fr.sante.dmp.notify.template.TemplateCatalog;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * The door into the outbox: callers write a message in the same transaction as the change that causes it.
 * If that transaction rolls back, the message never existed; if it commits, the dispatcher will send it.
 */
public final class Outbox {
    private static final String INSERT = """
            WITH ins AS (
              INSERT INTO outbox_message (id, key_hash, channel, kind, template_id, language, payload, group_key,
                                          not_before, next_attempt_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()), coalesce($9::timestamptz, now()))
              ON CONFLICT (key_hash) DO NOTHING
              RETURNING id)
            SELECT id FROM ins
            UNION ALL
            SELECT id FROM outbox_message WHERE key_hash = $2
            LIMIT 1""";
    /**
     * Many messages in one statement (campaign imports). The outer SELECT sees the table as it was before the insert,
     * so a key already present is found in {@code m} and a new one in {@code ins}; a key twice in the batch is inserted
     * once and both positions get its id.
     */
    private static final String INSERT_MANY = """
            WITH u AS (
              SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[],
                                   $8::text[], $9::timestamptz[]) WITH ORDINALITY
                       AS u(id, key_hash, channel, kind, template_id, language, payload, group_key, not_before, ord)),
            ins AS (
              INSERT INTO outbox_message (id, key_hash, channel, kind, template_id, language, payload, group_key,
                                          not_before, next_attempt_at)
              SELECT id, key_hash, channel, kind, template_id, language, payload, group_key,
                     coalesce(not_before, now()), coalesce(not_before, now())
                FROM u ORDER BY ord
              ON CONFLICT (key_hash) DO NOTHING
              RETURNING id, key_hash)
            SELECT u.ord, coalesce(ins.id, m.id) AS id
              FROM u LEFT JOIN ins ON ins.key_hash = u.key_hash
                     LEFT JOIN outbox_message m ON m.key_hash = u.key_hash
             ORDER BY u.ord""";
    /** Ids of keys that a concurrent transaction inserted while ours waited on them (not in the first snapshot). */
    private static final String IDS_BY_KEY = "SELECT key_hash, id FROM outbox_message WHERE key_hash = ANY($1)";
    private static final String COUNTS = "SELECT status, count(*) AS n FROM outbox_message WHERE group_key = $1 GROUP BY status";
    private static final String STATUS = "SELECT status FROM outbox_message WHERE id = $1";
    private static final String RETURN_LETTERS = "UPDATE outbox_message m SET status = 'FAILED', "
            + "last_error = 'returned: ' || u.reason, updated_at = now() FROM unnest($1::uuid[], $2::text[]) "
            + "AS u(id, reason) WHERE m.id = u.id AND m.channel = 'LETTER' AND m.status IN ('SENT', 'DELIVERED') "
            + "RETURNING m.id";
    /** One scan of the table: for a sampler every minute or so, not for a request path. */
    private static final String COUNTS_BY_CHANNEL = "SELECT channel, kind, status, count(*) AS n FROM outbox_message "
            + "GROUP BY channel, kind, status";
    /** Only the partial indexes of QUEUED and SENDING rows: cheap whatever the table's size. */
    private static final String BACKLOG = "SELECT count(*) AS n, "
            + "COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest FROM outbox_message "
            + "WHERE status IN ('QUEUED', 'SENDING')";

    /** Messages of one channel and kind in one status. */
    public record ChannelCount(Channel channel, String kind, OutboxStatus status, long count) {
    }

    /** Messages waiting (queued or being sent) and the age of the oldest, in seconds (0 when none waits). */
    public record Backlog(long messages, double oldestSeconds) {
    }

    /**
     * The view other modules may read in SQL (same database): {@code outbox_sent(id, sent_at)} lists the messages a
     * provider accepted (SENT or DELIVERED) with the time they were sent. It is this module's contract; the table
     * behind it is not.
     */
    public static final String SENT_VIEW = "outbox_sent";
    /** Read contract (V3): {@code outbox_failed(id)}, the messages FAILED or DEAD (never delivered, never retried). */
    public static final String FAILED_VIEW = "outbox_failed";
    /** Read contract (migration V4_1): {@code outbox_delivered(id, delivered_at)}, the messages a receipt confirmed. */
    public static final String DELIVERED_VIEW = "outbox_delivered";

    private final PayloadCipher cipher;
    private final TemplateCatalog templates;

    public Outbox(PayloadCipher cipher, TemplateCatalog templates) {
        this.cipher = cipher;
        this.templates = templates;
    }

    /** An outbox with the built-in templates and the given 32-byte payload key. */
    public static Outbox create(byte[] payloadKey) {
        return new Outbox(new PayloadCipher(payloadKey), TemplateCatalog.load());
    }

    /**
     * Enqueues {@code m} through {@code tx}, which must be the caller's transaction (from
     * {@code pool.withTransaction(tx -> ...)}). Validates the recipient and template parameters first: a failed
     * future with an {@link IllegalArgumentException} naming the field means nothing was written.
     *
     * @return the id of the message; with an idempotency key already used, the id of the existing message
     */
    public Future<UUID> enqueue(SqlClient tx, OutboundMessage m) {
        Sealed s;
        try {
            s = seal(m);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Tuple t = Tuple.tuple()
                .addUUID(s.id())
                .addBuffer(Buffer.buffer(s.keyHash()))
                .addString(m.channel().name())
                .addString(m.kind().name())
                .addString(m.templateId())
                .addString(m.language().name())
                .addBuffer(Buffer.buffer(s.payload()))
                .addString(m.groupKey())
                .addOffsetDateTime(m.notBefore() == null ? null : m.notBefore().atOffset(ZoneOffset.UTC));
        return tx.preparedQuery(INSERT).execute(t).map(rows -> rows.iterator().next().getUUID(0));
    }

    /**
     * A message validated and encrypted, ready for {@link #enqueueAll}. Sealing is CPU work (AES-GCM, SHA-256): a bulk
     * caller may do it on a worker thread and keep the event loop for I/O.
     */
    public record Sealed(UUID id, byte[] keyHash, OutboundMessage message, byte[] payload) {
        @Override
        public String toString() {
            return "Sealed[" + id + "]";
        }
    }

    /** Validates and encrypts {@code m}; throws {@link IllegalArgumentException} naming the field if it is invalid. */
    public Sealed seal(OutboundMessage m) {
        Recipients.check(m.channel(), m.recipient());
        templates.validate(m.templateId(), m.params());
        byte[] keyHash = keyHash(m.idempotencyKey());
        JsonObject plain = new JsonObject().put("to", m.recipient()).put("params", new JsonObject(Map.copyOf(m.params())));
        return new Sealed(UUID.randomUUID(), keyHash, m,
                cipher.encrypt(plain.encode().getBytes(StandardCharsets.UTF_8), keyHash));
    }

    /**
     * Enqueues sealed messages through {@code tx} (the caller's transaction) in one statement, with the same
     * idempotency as {@link #enqueue}: the ids come back in the order given, the existing id for a key already used.
     */
    public Future<List<UUID>> enqueueAll(SqlClient tx, List<Sealed> messages) {
        int n = messages.size();
        if (n == 0) {
            return Future.succeededFuture(List.of());
        }
        UUID[] ids = new UUID[n];
        Buffer[] keys = new Buffer[n];
        String[] channel = new String[n];
        String[] kind = new String[n];
        String[] template = new String[n];
        String[] language = new String[n];
        Buffer[] payload = new Buffer[n];
        String[] group = new String[n];
        OffsetDateTime[] notBefore = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Sealed s = messages.get(i);
            OutboundMessage m = s.message();
            ids[i] = s.id();
            keys[i] = Buffer.buffer(s.keyHash());
            channel[i] = m.channel().name();
            kind[i] = m.kind().name();
            template[i] = m.templateId();
            language[i] = m.language().name();
            payload[i] = Buffer.buffer(s.payload());
            group[i] = m.groupKey();
            notBefore[i] = m.notBefore() == null ? null : m.notBefore().atOffset(ZoneOffset.UTC);
        }
        Tuple t = Tuple.tuple().addArrayOfUUID(ids).addArrayOfBuffer(keys).addArrayOfString(channel)
                .addArrayOfString(kind).addArrayOfString(template).addArrayOfString(language)
                .addArrayOfBuffer(payload).addArrayOfString(group).addArrayOfOffsetDateTime(notBefore);
        return tx.preparedQuery(INSERT_MANY).execute(t).compose(rows -> {
            List<UUID> out = new ArrayList<>(n);
            List<Buffer> missing = new ArrayList<>();
            int i = 0;
            for (Row r : rows) {
                UUID id = r.getUUID("id");
                out.add(id);
                if (id == null) {
                    missing.add(keys[i]);
                }
                i++;
            }
            if (missing.isEmpty()) {
                return Future.succeededFuture(out);
            }
            return tx.preparedQuery(IDS_BY_KEY).execute(Tuple.of(missing.toArray(Buffer[]::new))).map(found -> {
                Map<Buffer, UUID> byKey = new HashMap<>();
                for (Row r : found) {
                    byKey.put(r.getBuffer(0), r.getUUID(1));
                }
                for (int j = 0; j < n; j++) {
                    if (out.get(j) == null) {
                        out.set(j, byKey.get(keys[j]));
                    }
                }
                return out;
            });
        });
    }

    /** Counts per status of the messages enqueued with {@code groupKey} (campaign progress). */
    public Future<Map<OutboxStatus, Long>> countsByGroup(SqlClient client, String groupKey) {
        return client.preparedQuery(COUNTS).execute(Tuple.of(groupKey)).map(rows -> {
            Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
            for (OutboxStatus s : OutboxStatus.values()) {
                counts.put(s, 0L);
            }
            for (Row r : rows) {
                counts.put(OutboxStatus.valueOf(r.getString("status")), r.getLong("n"));
            }
            return counts;
        });
    }

    /** Messages by channel, kind and status (the business metrics' sent, delivered and failed). */
    public Future<List<ChannelCount>> countsByChannel(SqlClient client) {
        return client.query(COUNTS_BY_CHANNEL).execute().map(rows -> {
            List<ChannelCount> out = new java.util.ArrayList<>();
            for (Row r : rows) {
                out.add(new ChannelCount(Channel.valueOf(r.getString("channel")), r.getString("kind"),
                        OutboxStatus.valueOf(r.getString("status")), r.getLong("n")));
            }
            return out;
        });
    }

    /** The outbox's backlog: waiting messages and the age of the oldest. */
    public Future<Backlog> backlog(SqlClient client) {
        return client.query(BACKLOG).execute().map(rows -> {
            Row r = rows.iterator().next();
            return new Backlog(r.getLong("n"), r.getDouble("oldest"));
        });
    }

    /**
     * Letters the mail house sent back undelivered (La Poste's "NPAI" and the like), in the caller's transaction:
     * each one SENT (or DELIVERED) becomes FAILED with {@code last_error} "returned: &lt;reason&gt;", so it leaves
     * {@code outbox_sent} and enters {@code outbox_failed} like a refused SMS. Returns the ids changed; an id that is
     * unknown, not a letter, or already failed (the same return recorded twice) changes nothing. {@code reasons} are
     * codes, never an address.
     */
    public Future<List<UUID>> markLettersReturned(SqlClient tx, List<UUID> ids, List<String> reasons) {
        if (ids.size() != reasons.size()) {
            return Future.failedFuture(new IllegalArgumentException("reasons: one per letter"));
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return tx.preparedQuery(RETURN_LETTERS).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0]))
                .addArrayOfString(reasons.toArray(new String[0]))).map(rows -> {
                    List<UUID> out = new java.util.ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(r.getUUID(0));
                    }
                    return out;
                });
    }

    /** Status of one message, or a failed future if there is none. */
    public Future<OutboxStatus> status(SqlClient client, UUID id) {
        return client.preparedQuery(STATUS).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
                ? Future.failedFuture(new IllegalArgumentException("id: no such message"))
                : Future.succeededFuture(OutboxStatus.valueOf(rows.iterator().next().getString(0))));
    }

    /**
     * Loads what the first enqueue would otherwise load on an event loop (phone metadata, JSON codec, cipher
     * provider). Blocking: call on a worker thread at start-up.
     */
    public void warmUp() {
        Recipients.check(Channel.SMS, "+33612345678");
        Recipients.check(Channel.EMAIL, "warm.up@example.org");
        byte[] aad = keyHash("warm-up");
        cipher.decrypt(cipher.encrypt(new JsonObject().put("to", "x").encode().getBytes(StandardCharsets.UTF_8), aad), aad);
    }

    /** The dispatcher shares the cipher and templates of the outbox. */
    public PayloadCipher cipher() {
        return cipher;
    }

    public TemplateCatalog templates() {
        return templates;
    }

    /** SHA-256 of the idempotency key: unique column, SMTP Message-ID and SMPP reference derive from it. */
    public static byte[] keyHash(String idempotencyKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
