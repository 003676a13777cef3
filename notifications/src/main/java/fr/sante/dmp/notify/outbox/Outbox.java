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
import java.time.ZoneOffset;
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
    private static final String COUNTS = "SELECT status, count(*) AS n FROM outbox_message WHERE group_key = $1 GROUP BY status";
    private static final String STATUS = "SELECT status FROM outbox_message WHERE id = $1";

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
        byte[] keyHash;
        byte[] payload;
        UUID id = UUID.randomUUID();
        try {
            Recipients.check(m.channel(), m.recipient());
            templates.validate(m.templateId(), m.params());
            keyHash = keyHash(m.idempotencyKey());
            JsonObject plain = new JsonObject().put("to", m.recipient()).put("params", new JsonObject(Map.copyOf(m.params())));
            payload = cipher.encrypt(plain.encode().getBytes(StandardCharsets.UTF_8), keyHash);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Tuple t = Tuple.tuple()
                .addUUID(id)
                .addBuffer(Buffer.buffer(keyHash))
                .addString(m.channel().name())
                .addString(m.kind().name())
                .addString(m.templateId())
                .addString(m.language().name())
                .addBuffer(Buffer.buffer(payload))
                .addString(m.groupKey())
                .addOffsetDateTime(m.notBefore() == null ? null : m.notBefore().atOffset(ZoneOffset.UTC));
        return tx.preparedQuery(INSERT).execute(t).map(rows -> rows.iterator().next().getUUID(0));
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
