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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Someone with database access rewrites one audit entry: the verifier (API and `dmp audit verify`) names it. */
@ExtendWith(PlatformExtension.class)
class AuditTamperIT {
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    private JsonObject verify() {
        HttpResponse<Buffer> r = dmp.get("/api/v1/admin/audit/verify", dmp.admin());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private int cliVerify() throws Exception {
        GatewayConfig config = GatewayConfig.load(Map.of(
                GatewayConfig.DATA_DIR, dmp.platform.config().dataDir().toString(),
                GatewayConfig.PG_URL, dmp.pgUri()));
        return AuditCommand.run(config, List.of("verify"));
    }

    @Test
    void aRewrittenAuditEntryIsReportedAsTheFirstBreak() throws Exception {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "note");
        dmp.list(physician, ins);
        dmp.list(physician, ins);
        assertThat(verify().getBoolean("ok")).isTrue();
        assertThat(cliVerify()).isZero();

        PgConnection db = Dmp.await(PgConnection.connect(dmp.vertx, PgConnectOptions.fromUri(dmp.pgUri())));
        try {
            // The verifications below are audited (one entry each): the broken window must not reach a checkpoint
            // position, whose signature would be refused for good (CHECKPOINT_MISSING after the repair).
            while (Dmp.await(db.query("SELECT seq % 10 FROM audit_head").execute()).iterator().next().getLong(0)
                    > 6) {
                dmp.list(physician, ins);
            }
            long seq = Dmp.await(db.query("SELECT max(seq) - 1 FROM audit_log").execute())
                    .iterator().next().getLong(0);
            Row original = Dmp.await(db.preparedQuery("SELECT allowed FROM audit_log WHERE seq = $1")
                    .execute(Tuple.of(seq))).iterator().next();
            boolean allowed = original.getBoolean(0);
            // Hide the trace: this access "was refused".
            Dmp.await(db.preparedQuery("UPDATE audit_log SET allowed = $1 WHERE seq = $2")
                    .execute(Tuple.of(!allowed, seq)));

            JsonObject broken = verify();
            assertThat(broken.getBoolean("ok")).isFalse();
            assertThat(broken.getLong("firstBreak")).isEqualTo(seq);
            assertThat(cliVerify()).isEqualTo(1);

            Dmp.await(db.preparedQuery("UPDATE audit_log SET allowed = $1 WHERE seq = $2")
                    .execute(Tuple.of(allowed, seq)));
            assertThat(verify().getBoolean("ok")).isTrue();
        } finally {
            Dmp.await(db.close());
        }
    }
}
