package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.RepresentativesIT.actingFor;
import static fr.sante.dmp.gateway.e2e.RepresentativesIT.create;
import static fr.sante.dmp.gateway.e2e.RepresentativesIT.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What issue 16 lets a representative do in the person's space, each action through an acting-for token (patient
 * JSON API): mask and unmask, block, choose the treating doctor, care contexts (and care codes, express consents),
 * alerts, close and reopen, the access history, oppose, withdraw and activate during the window. Each is audited as
 * "representative R for person P" (actor REPRESENTATIVE, the link's id) and shown in the person's access history.
 */
@ExtendWith(PlatformExtension.class)
class RepresentativeActionsIT {

    @Test
    void aParentManagesTheirChildsActiveRecordAndEveryActionIsInTheChildsHistory(Dmp dmp) {
        TestPatient parent = TestPatient.born(dmp, "1984-09-09", "Sophie", "Garnier");
        TestPatient child = TestPatient.born(dmp, "2016-05-05", "Tom", "Garnier");
        String link = id(create(dmp, parent, child, "PARENTAL_AUTHORITY"));
        String doctorRpps = Identities.rpps();
        String doctor = dmp.inCare(dmp.physician(doctorRpps), child.ins());
        String otherRpps = Identities.rpps();
        dmp.inCare(dmp.physician(otherRpps), child.ins());
        String doc = dmp.deposited(doctor, child.ins(), Dmp.CONSULTATION_NOTE, "Bilan de croissance");
        String forTom = actingFor(dmp, parent.login(dmp), child.ins());

        ok(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + doc + "/mask", forTom, new JsonObject()), 204);
        ok(bare(dmp, HttpMethod.DELETE, "/api/v1/me/documents/" + doc + "/mask", forTom), 204);
        String blocked = Identities.rpps();
        ok(dmp.send(HttpMethod.PUT, "/api/v1/me/blocked/" + blocked, forTom, new JsonObject()), 204);
        ok(bare(dmp, HttpMethod.DELETE, "/api/v1/me/blocked/" + blocked, forTom), 204);
        ok(dmp.send(HttpMethod.PUT, "/api/v1/me/treating-doctor", forTom, new JsonObject().put("rpps", doctorRpps)),
                204);
        ok(dmp.send(HttpMethod.PUT, "/api/v1/me/alerts", forTom, new JsonObject().put("newDocument", true)), 204);
        ok(dmp.send(HttpMethod.PUT, "/api/v1/me/emergency-access", forTom, new JsonObject().put("opposed", false)),
                204);

        // Care relationships: the contexts on the record, a grant, its end, a care code, an express consent.
        ok(dmp.get("/api/v1/me/care-contexts", forTom), 200);
        HttpResponse<Buffer> granted = dmp.send(HttpMethod.POST, "/api/v1/me/care-contexts", forTom,
                new JsonObject().put("rpps", otherRpps).put("days", 7));
        ok(granted, 201);
        String context = granted.bodyAsJsonObject().getString("id");
        assertThat(dmp.get("/api/v1/me/care-contexts", forTom).bodyAsString()).contains(context);
        ok(bare(dmp, HttpMethod.DELETE, "/api/v1/me/care-contexts/" + context, forTom), 204);
        HttpResponse<Buffer> code = dmp.send(HttpMethod.POST, "/api/v1/me/care-code", forTom, new JsonObject());
        ok(code, 201);
        assertThat(code.bodyAsJsonObject().getString("code")).matches("\\d{6}");
        ok(dmp.send(HttpMethod.PUT, "/api/v1/me/express-consents/" + otherRpps, forTom, new JsonObject()
                .put("until", java.time.LocalDate.now().plusDays(30).toString())), 204);
        ok(bare(dmp, HttpMethod.DELETE, "/api/v1/me/express-consents/" + otherRpps, forTom), 204);

        ok(bare(dmp, HttpMethod.POST, "/api/v1/me/close", forTom), 204);
        ok(bare(dmp, HttpMethod.POST, "/api/v1/me/reopen", forTom), 204);
        ok(bare(dmp, HttpMethod.DELETE, "/api/v1/me/treating-doctor", forTom), 204);

        List<String> expected = List.of("MASK_DOCUMENT", "UNMASK_DOCUMENT", "BLOCK_PROFESSIONAL",
                "UNBLOCK_PROFESSIONAL", "SET_TREATING_DOCTOR", "SET_ALERTS", "SET_EMERGENCY_ACCESS_OPPOSED",
                "OPEN_CARE_CONTEXT", "END_CARE_CONTEXT", "ISSUE_CARE_CODE", "GRANT_EXPRESS_CONSENT",
                "REVOKE_EXPRESS_CONSENT", "CLOSE", "REOPEN");
        List<String> audited = audit(dmp, link);
        for (String action : expected) {
            assertThat(audited).as("audited as the representative").contains(action + " true");
        }
        // The person's access history (read by the representative, and by the person once they log in) shows each.
        HttpResponse<Buffer> history = dmp.get("/api/v1/me/access-history?filter=mine", forTom);
        ok(history, 200);
        List<String> shown = new ArrayList<>();
        history.bodyAsJsonObject().getJsonArray("entries").forEach(e -> shown.add(
                ((JsonObject) e).getString("actorKind") + " " + ((JsonObject) e).getString("action")));
        for (String action : expected) {
            assertThat(shown).as("in the person's access history").contains("REPRESENTATIVE " + action);
        }
        assertThat(audited).first().isEqualTo("ACT_FOR true");
    }

    @Test
    void aGuardianOpposesDuringTheWindowWithdrawsWithTheReceiptAndActivates(Dmp dmp) {
        TestPatient guardian = TestPatient.born(dmp, "1962-02-02", "Bernard", "Lemaire");
        TestPatient adult = TestPatient.registered(dmp, "INVITED", "1995-07-07", "Yann", "Lemaire");
        String link = id(create(dmp, guardian, adult, "GUARDIAN"));
        String forYann = actingFor(dmp, guardian.login(dmp), adult.ins());

        HttpResponse<Buffer> opposed = dmp.send(HttpMethod.POST, "/api/v1/me/opposition", forYann, new JsonObject());
        ok(opposed, 201);
        String receipt = opposed.bodyAsJsonObject().getString("verificationCode");
        assertThat(receipt).isNotBlank();
        ok(dmp.send(HttpMethod.POST, "/api/v1/me/opposition/withdrawal", forYann,
                new JsonObject().put("verificationCode", receipt)), 204);
        ok(bare(dmp, HttpMethod.POST, "/api/v1/me/activation", forYann), 204);
        assertThat(dmp.get("/api/v1/me", forYann).bodyAsJsonObject().getString("state")).isEqualTo("ACTIVE");

        assertThat(audit(dmp, link)).contains("OPPOSE true", "WITHDRAW_OPPOSITION true", "ACTIVATE true");
        List<String> shown = new ArrayList<>();
        dmp.get("/api/v1/me/access-history?filter=mine", adult.login(dmp)).bodyAsJsonObject().getJsonArray("entries")
                .forEach(e -> shown.add(((JsonObject) e).getString("actorKind") + " "
                        + ((JsonObject) e).getString("action")));
        assertThat(shown).contains("REPRESENTATIVE OPPOSE", "REPRESENTATIVE WITHDRAW_OPPOSITION",
                "REPRESENTATIVE ACTIVATE");
    }

    /** A call without a body. */
    private static HttpResponse<Buffer> bare(Dmp dmp, HttpMethod method, String path, String token) {
        return dmp.sendRaw(method, path, token, null, Buffer.buffer());
    }

    private static void ok(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    }

    /** The representative's entries on the link, as "ACTION allowed", in order. */
    private static List<String> audit(Dmp dmp, String link) {
        io.vertx.sqlclient.SqlClient client = io.vertx.pgclient.PgBuilder.client().connectingTo(dmp.pgUri())
                .using(dmp.vertx).build();
        try {
            List<String> out = new ArrayList<>();
            Dmp.await(client.preparedQuery("SELECT action || ' ' || allowed FROM audit_log WHERE actor_kind = "
                    + "'REPRESENTATIVE' AND actor_id = $1 ORDER BY seq").execute(io.vertx.sqlclient.Tuple.of(link)))
                    .forEach(r -> out.add(r.getString(0)));
            return out;
        } finally {
            client.close();
        }
    }
}
