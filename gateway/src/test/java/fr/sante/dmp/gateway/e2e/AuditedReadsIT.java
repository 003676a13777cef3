package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.cli.AuditCommand;
import fr.sante.dmp.gateway.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The security issue's items 2 and 3 on the running platform: {@code dmp audit verify} is read-only (a broken chain
 * gets no checkpoint from it), and the privileged reads of the admin API (the break-glass review queue with its
 * decrypted reasons, campaigns, their rejections, the verification) each leave an audit entry naming the operator.
 */
@ExtendWith(PlatformExtension.class)
class AuditedReadsIT {
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    @Test
    void everyPrivilegedReadOfTheAdminApiLeavesAnEntryNamingTheOperator() {
        String dpo = dmp.token(Map.of("scope", "dmp:dpo"), List.of(Dmp.AUDIENCE), 600);
        String admin = dmp.admin();
        UUID unknownCampaign = UUID.randomUUID();

        assertThat(dmp.get("/api/v1/admin/break-glass-reviews?status=all", dpo).statusCode()).isEqualTo(200);
        assertThat(dmp.get("/api/v1/admin/break-glass-reviews", admin).statusCode()).isEqualTo(200);
        assertThat(dmp.get("/api/v1/admin/campaigns/" + unknownCampaign, admin).statusCode()).isEqualTo(404);
        assertThat(dmp.get("/api/v1/admin/campaigns/" + unknownCampaign + "/rejections", admin).statusCode())
                .isEqualTo(404);
        HttpResponse<Buffer> verify = dmp.get("/api/v1/admin/audit/verify", admin);
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(verify.bodyAsJsonObject().containsKey("refusedCheckpoints")).isTrue();

        assertThat(entries(subject(dpo))).containsExactly("OPERATOR READ_BREAK_GLASS_REVIEWS scope:dmp:dpo");
        assertThat(entries(subject(admin))).containsExactly(
                "OPERATOR READ_BREAK_GLASS_REVIEWS scope:dmp:admin",
                "OPERATOR READ_CAMPAIGN scope:dmp:admin",
                "OPERATOR READ_CAMPAIGN_REJECTIONS scope:dmp:admin",
                "OPERATOR VERIFY_AUDIT scope:dmp:admin");
    }

    @Test
    void auditVerifyOnABrokenChainExitsOneAndSignsNothing() throws Exception {
        String ins = dmp.activePatient();
        String physician = dmp.physician(Identities.rpps());
        PgConnection db = Dmp.await(PgConnection.connect(dmp.vertx, PgConnectOptions.fromUri(dmp.pgUri())));
        try {
            // A head past the last checkpoint (which the store signs at start-up), away from the next multiple.
            long head;
            do {
                dmp.list(physician, ins);
                head = Dmp.await(db.query("SELECT seq FROM audit_head").execute()).iterator().next().getLong(0);
            } while (head % 10 == 0 || head % 10 > 7);
            boolean allowed = Dmp.await(db.preparedQuery("SELECT allowed FROM audit_log WHERE seq = $1")
                    .execute(Tuple.of(head))).iterator().next().getBoolean(0);
            Dmp.await(db.preparedQuery("UPDATE audit_log SET allowed = $1 WHERE seq = $2")
                    .execute(Tuple.of(!allowed, head)));
            long checkpoints = count(db);
            try {
                GatewayConfig config = GatewayConfig.load(Map.of(
                        GatewayConfig.DATA_DIR, dmp.platform.config().dataDir().toString(),
                        GatewayConfig.PG_URL, dmp.pgUri()));
                assertThat(AuditCommand.run(config, List.of("verify"))).isEqualTo(1);
                assertThat(count(db)).as("checkpoints after dmp audit verify").isEqualTo(checkpoints);
            } finally {
                Dmp.await(db.preparedQuery("UPDATE audit_log SET allowed = $1 WHERE seq = $2")
                        .execute(Tuple.of(allowed, head)));
            }
        } finally {
            Dmp.await(db.close());
        }
    }

    private static long count(PgConnection db) {
        return Dmp.await(db.query("SELECT count(*) FROM audit_checkpoint").execute()).iterator().next().getLong(0);
    }

    private static List<String> entries(String actor) {
        PgConnection db = Dmp.await(PgConnection.connect(dmp.vertx, PgConnectOptions.fromUri(dmp.pgUri())));
        try {
            List<String> out = new ArrayList<>();
            for (Row r : Dmp.await(db.preparedQuery("SELECT actor_kind, action, rule_id FROM audit_log "
                    + "WHERE actor_id = $1 ORDER BY seq").execute(Tuple.of(actor)))) {
                out.add(r.getString(0) + " " + r.getString(1) + " " + r.getString(2));
            }
            return out;
        } finally {
            Dmp.await(db.close());
        }
    }

    /** The token's {@code sub}, as the gateway reads it. */
    private static String subject(String jwt) {
        String payload = jwt.split("\\.")[1];
        return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
                .getString("sub");
    }
}
