package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.cli.AuditCommand;
import fr.sante.dmp.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
 * decrypted reasons, campaigns, their rejections, the verification), the treating doctor's own queue and every
 * marking of a review, and the operators' pages each leave an audit entry naming who read.
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

    /**
     * The treating doctor's own queue shows their patients' emergency accesses with the reasons decrypted: each read
     * and each marking (its answer shows the reason too) leaves an entry naming the doctor, as the DPO's do. Before,
     * the doctor's reads and every marking left none.
     */
    @Test
    void aTreatingDoctorsOwnQueueAndEveryMarkingLeaveAnEntryNamingWhoSawIt() {
        TestPatient p = TestPatient.registered(dmp);
        String doctorRpps = Identities.rpps();
        String doctor = dmp.physician(doctorRpps);
        dmp.registerProfessional(doctorRpps, "10");
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/treating-doctor", p.login(dmp),
                new JsonObject().put("rpps", doctorRpps)).statusCode()).isEqualTo(204);
        String emergency = dmp.physician(Identities.rpps());
        String first = grant(dmp.breakGlass(emergency, p.ins(), "patient unconscious, allergies unknown"));
        String second = grant(dmp.breakGlass(emergency, p.ins(), "second emergency, still unconscious"));
        String dpo = dmp.token(Map.of("scope", "dmp:dpo"), List.of(Dmp.AUDIENCE), 600);

        HttpResponse<Buffer> own = dmp.get("/api/v1/break-glass-reviews", doctor);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.bodyAsString()).contains(first).contains("allergies unknown");
        assertThat(dmp.send(HttpMethod.POST, "/api/v1/break-glass-reviews/" + first + "/reviewed", doctor,
                new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(dmp.send(HttpMethod.POST, "/api/v1/admin/break-glass-reviews/" + second + "/reviewed", dpo,
                new JsonObject()).statusCode()).isEqualTo(200);

        assertThat(entries(doctorRpps)).containsExactly(
                "PROFESSIONAL READ_BREAK_GLASS_REVIEWS treating-doctor",
                "PROFESSIONAL REVIEW_BREAK_GLASS treating-doctor");
        assertThat(entries(subject(dpo))).containsExactly("OPERATOR REVIEW_BREAK_GLASS scope:dmp:dpo");
    }

    /**
     * The operators' pages show what the admin API shows (the campaigns, one campaign's counts, its refused lines):
     * each page is audited as the signed-in operator's read, a 404 included. Before, they left no entry.
     */
    @Test
    void everyOperatorPageShowingCampaignsLeavesAnEntryNamingTheOperator() {
        String admin = dmp.admin();
        String origin = "http://127.0.0.1:" + dmp.platform.httpPort();
        HttpResponse<Buffer> signedIn = Dmp.await(dmp.client.post("/operateur/connexion").followRedirects(false)
                .putHeader("Origin", origin).sendForm(MultiMap.caseInsensitiveMultiMap().add("token", admin)));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.cookies().stream().filter(c -> c.contains("dmp-operator=")).findFirst()
                .orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String unknown = "/operateur/campagnes/" + UUID.randomUUID();

        assertThat(page("/operateur/campagnes", cookie).statusCode()).isEqualTo(200);
        assertThat(page(unknown, cookie).statusCode()).isEqualTo(404);
        assertThat(page(unknown + "/rejets.csv", cookie).statusCode()).isEqualTo(404);

        assertThat(entries(subject(admin))).containsExactly(
                "OPERATOR READ_CAMPAIGNS scope:dmp:admin",
                "OPERATOR READ_CAMPAIGN scope:dmp:admin",
                "OPERATOR READ_CAMPAIGN_REJECTIONS scope:dmp:admin");
    }

    private static HttpResponse<Buffer> page(String path, String cookie) {
        return Dmp.await(dmp.client.get(path).followRedirects(false).putHeader("Cookie", cookie).send());
    }

    private static String grant(HttpResponse<Buffer> breakGlass) {
        assertThat(breakGlass.statusCode()).as(breakGlass.bodyAsString()).isEqualTo(200);
        return breakGlass.bodyAsJsonObject().getJsonObject("breakGlass").getString("id");
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
