package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.cli.AuditCommand;
import fr.sante.dmp.gateway.cli.KeysCommand;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.KeysConfig;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditChain;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.MasterKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's commands against the running platform: {@code dmp keys rotate} there and back (interrupted, resumed)
 * and {@code dmp audit verify} catching a rewrite with recomputed hashes at the signed checkpoint, like the API.
 */
@ExtendWith(PlatformExtension.class)
class KeysAndAuditIT {
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    @Test
    void keysRotateReWrapsEveryKeyResumesAfterAnInterruptionAndTheRotatedBackRecordsStillRead() throws Exception {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "note");
        String platformKey = Files.readString(dmp.platform.config().dataDir().resolve("keys/master.key")).trim();
        byte[] newKey = new byte[32];
        new SecureRandom().nextBytes(newKey);
        String next = Base64.getEncoder().encodeToString(newKey);
        long records = count("SELECT count(*) FROM record WHERE wrapped_key IS NOT NULL");

        // Away to a new key: one batch of one record, then resumed to the end.
        assertThat(KeysCommand.run(config(Map.of(KeysConfig.NEW_MASTER_KEY, next)),
                List.of("rotate", "--batch", "1", "--max-batches", "1"))).isZero();
        assertThat(under(newKey)).isEqualTo(1);
        assertThat(KeysCommand.run(config(Map.of(KeysConfig.NEW_MASTER_KEY, next)), List.of("rotate"))).isZero();
        assertThat(under(newKey)).isEqualTo(records);
        // This platform holds only its own key: it fails closed rather than serve anything.
        assertThat(dmp.list(physician, ins).statusCode()).isGreaterThanOrEqualTo(500);

        // And back, as the procedure's step 1 would configure it: current = the platform's key, previous = the new.
        assertThat(KeysCommand.run(config(Map.of(GatewayConfig.MASTER_KEY, platformKey,
                KeysConfig.PREVIOUS_MASTER_KEYS, next)), List.of("rotate", "--batch", "7"))).isZero();
        assertThat(under(newKey)).isZero();
        HttpResponse<Buffer> list = dmp.list(physician, ins);
        assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
        assertThat(list.bodyAsString()).contains("note");
    }

    @Test
    void aRewriteWithRecomputedHashesIsCaughtAtTheSignedCheckpointByTheApiAndTheCommand() throws Exception {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        for (int i = 0; i < 12; i++) {
            dmp.list(physician, ins);
        }
        assertThat(verify().getBoolean("ok")).isTrue();
        assertThat(verify().getLong("checkpoints")).isPositive();
        assertThat(AuditCommand.run(config(Map.of()), List.of("public-key"))).isZero();

        PgConnection db = Dmp.await(PgConnection.connect(dmp.vertx, PgConnectOptions.fromUri(dmp.pgUri())));
        try {
            long checkpoint = Dmp.await(db.query("SELECT max(seq) FROM audit_checkpoint").execute())
                    .iterator().next().getLong(0);
            long target = checkpoint - 3;
            // A DBA who also stole the chain key hides one access and recomputes every hash after it, head included:
            // the chain holds again.
            AuditChain chain = new AuditChain(Base64.getDecoder().decode(Files.readString(
                    dmp.platform.config().dataDir().resolve("keys/audit-chain.key")).trim()));
            Dmp.await(db.preparedQuery("UPDATE audit_log SET allowed = NOT allowed WHERE seq = $1")
                    .execute(Tuple.of(target)));
            byte[] prev = Dmp.await(db.preparedQuery("SELECT hash FROM audit_log WHERE seq = $1")
                    .execute(Tuple.of(target - 1))).iterator().next().getBuffer(0).getBytes();
            for (Row r : Dmp.await(db.preparedQuery("SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq")
                    .execute(Tuple.of(target)))) {
                byte[] hash = chain.hash(prev, r.getLong("seq"), event(r));
                Dmp.await(db.preparedQuery("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3")
                        .execute(Tuple.of(Buffer.buffer(prev), Buffer.buffer(hash), r.getLong("seq"))));
                prev = hash;
            }
            Dmp.await(db.preparedQuery("UPDATE audit_head SET hash = $1 WHERE id").execute(Tuple.of(
                    Buffer.buffer(prev))));

            // The first signed checkpoint at or after the rewrite catches it: the newest one is not always that one,
            // a time-based checkpoint (every 60 s) may land just after a count-based one (every 10 entries here).
            long caughtAt = Dmp.await(db.preparedQuery("SELECT min(seq) FROM audit_checkpoint WHERE seq >= $1")
                    .execute(Tuple.of(target))).iterator().next().getLong(0);
            JsonObject broken = verify();
            assertThat(broken.getBoolean("ok")).isFalse();
            assertThat(broken.getLong("firstBreak")).isEqualTo(caughtAt);
            assertThat(broken.getString("reason")).isEqualTo("CHECKPOINT_MISMATCH");
            assertThat(AuditCommand.run(config(Map.of()), List.of("verify"))).isEqualTo(1);
        } finally {
            Dmp.await(db.close());
        }
    }

    private JsonObject verify() {
        HttpResponse<Buffer> r = dmp.get("/api/v1/admin/audit/verify", dmp.admin());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private static GatewayConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                GatewayConfig.DATA_DIR, dmp.platform.config().dataDir().toString(),
                GatewayConfig.PG_URL, dmp.pgUri()));
        env.putAll(extra);
        return GatewayConfig.load(env);
    }

    private static long under(byte[] master) {
        byte[] prefix = java.nio.ByteBuffer.allocate(5).put((byte) 2).putInt(MasterKeys.id(master)).array();
        PgConnection db = Dmp.await(PgConnection.connect(dmp.vertx, PgConnectOptions.fromUri(dmp.pgUri())));
        try {
            return Dmp.await(db.preparedQuery("SELECT count(*) FROM record WHERE substring(wrapped_key FROM 1 FOR 5) "
                    + "= $1").execute(Tuple.of(Buffer.buffer(prefix)))).iterator().next().getLong(0);
        } finally {
            Dmp.await(db.close());
        }
    }

    private static long count(String sql) {
        PgConnection db = Dmp.await(PgConnection.connect(dmp.vertx, PgConnectOptions.fromUri(dmp.pgUri())));
        try {
            return Dmp.await(db.query(sql).execute()).iterator().next().getLong(0);
        } finally {
            Dmp.await(db.close());
        }
    }

    /** A stored row as the event it was appended from (what a DBA with the schema in hand would write). */
    private static AuditEvent event(Row r) {
        Buffer insHash = r.getBuffer("ins_hash");
        Buffer reason = r.getBuffer("reason");
        return new AuditEvent(r.getOffsetDateTime("at").toInstant(), r.getString("actor_kind"),
                r.getString("actor_id"), r.getString("profession"), r.getString("category"),
                AuditAction.valueOf(r.getString("action")), insHash == null ? null : insHash.getBytes(),
                r.getUUID("document_id"), r.getString("rule_id"), r.getBoolean("allowed"), r.getBoolean("break_glass"),
                reason == null ? null : reason.getBytes());
    }
}
