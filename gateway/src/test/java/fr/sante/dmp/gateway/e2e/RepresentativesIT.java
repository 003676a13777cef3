package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Representatives through both APIs (issue 16): operators create and end links (admin API), a parent acts for a child
 * with their own login (patient API), every action audited as the representative, a minor's secret care never
 * reaches them, and an ended link refuses the very next request.
 */
@ExtendWith(PlatformExtension.class)
class RepresentativesIT {
    private static final String LINKS = "/api/v1/admin/representations";

    @Test
    void badLinksAreClearProblemsAndWriteNothing(Dmp dmp) {
        TestPatient parent = TestPatient.born(dmp, "1985-05-14", "Julie", "Martin");
        TestPatient child = TestPatient.born(dmp, "2017-03-02", "Léo", "Martin");
        TestPatient teenager = TestPatient.born(dmp, "2011-06-01", "Inès", "Martin");
        TestPatient adult = TestPatient.born(dmp, "1950-01-01", "Paul", "Durand");
        List<String> before = written(dmp);

        assertThat(Dmp.problem(create(dmp, parent, parent, "PARENTAL_AUTHORITY"), 400, "invalid-field")
                .getString("field")).isEqualTo("represented");
        assertThat(Dmp.problem(create(dmp, teenager, child, "PARENTAL_AUTHORITY"), 400, "invalid-field")
                .getString("field")).isEqualTo("representative");
        assertThat(Dmp.problem(dmp.send(HttpMethod.POST, LINKS, dmp.admin(), link(parent.ins(), Identities.ins(),
                "PARENTAL_AUTHORITY")), 400, "invalid-field").getString("field")).isEqualTo("represented");
        assertThat(Dmp.problem(create(dmp, parent, adult, "PARENTAL_AUTHORITY"), 400, "invalid-field")
                .getString("field")).isEqualTo("represented");
        assertThat(Dmp.problem(create(dmp, parent, child, "GUARDIAN"), 400, "invalid-field")
                .getString("field")).isEqualTo("kind");
        Dmp.problem(dmp.send(HttpMethod.POST, LINKS, dmp.admin(), link(parent.ins(), child.ins(), "PARENTAL_AUTHORITY")
                .put("until", "2020-01-01")), 400, "invalid-field");
        assertThat(written(dmp)).isEqualTo(before);

        String guardian = id(create(dmp, parent, adult, "GUARDIAN"));
        TestPatient other = TestPatient.born(dmp, "1970-01-01", "Anne", "Petit");
        Dmp.problem(create(dmp, other, adult, "GUARDIAN"), 409, "conflict");
        List<String> oneGuardian = written(dmp);
        Dmp.problem(create(dmp, parent, adult, "GUARDIAN"), 409, "conflict");
        assertThat(written(dmp)).isEqualTo(oneGuardian);
        Dmp.problem(dmp.send(HttpMethod.POST, LINKS, dmp.physician(Identities.rpps()),
                link(other.ins(), child.ins(), "PARENTAL_AUTHORITY")), 403, "insufficient-scope");
        assertThat(guardian).isNotBlank();
    }

    @Test
    void aParentActsForTheirChildAndEveryActionIsAuditedAsTheRepresentative(Dmp dmp) {
        TestPatient parent = TestPatient.born(dmp, "1985-05-14", "Julie", "Martin");
        TestPatient child = TestPatient.born(dmp, "2017-03-02", "Léo", "Martin");
        String link = id(create(dmp, parent, child, "PARENTAL_AUTHORITY"));

        // A 9-year-old alone: a clear refusal, and the code goes to no one.
        int before = child.messages(dmp).size();
        HttpResponse<Buffer> alone = dmp.send(HttpMethod.POST, "/api/v1/me/login", null,
                new JsonObject().put("ins", child.ins()).put("birthDate", child.birthDate()));
        assertThat(Dmp.problem(alone, 403, "consent-denied").getString("rule")).isEqualTo("own-access-age");
        await(dmp.vertx.timer(1500));
        assertThat(child.messages(dmp).size()).isEqualTo(before);

        String doctor = dmp.inCare(dmp.physician(Identities.rpps()), child.ins());
        String ordinary = dmp.deposited(doctor, child.ins(), Dmp.CONSULTATION_NOTE, "Vaccination");
        HttpResponse<Buffer> secret = dmp.deposit(doctor, child.ins(), Dmp.document(Dmp.CONSULTATION_NOTE,
                "Consultation confidentielle", "secret").put("confidentialFromRepresentatives", true));
        assertThat(secret.statusCode()).as(secret.bodyAsString()).isEqualTo(201);
        String secretId = secret.bodyAsJsonObject().getString("id");

        String own = parent.login(dmp);
        JsonArray represented = dmp.get("/api/v1/me/represented", own).bodyAsJsonObject().getJsonArray("represented");
        assertThat(represented).hasSize(1);
        assertThat(represented.getJsonObject(0).getString("givenName")).isEqualTo("Léo");
        assertThat(represented.getJsonObject(0).getString("ins")).isEqualTo(child.ins());
        String forLeo = actingFor(dmp, own, child.ins());

        JsonObject me = dmp.get("/api/v1/me", forLeo).bodyAsJsonObject();
        assertThat(me.getString("givenName")).isEqualTo("Léo");
        assertThat(me.getInteger("documentCount")).isEqualTo(1);
        assertThat(ids(dmp.get("/api/v1/me/documents", forLeo))).containsExactly(ordinary);
        Dmp.problem(dmp.get("/api/v1/me/documents/" + secretId, forLeo), 404, "not-found");
        // Nor does the preview of what a profession would see (physicians do see the secret document).
        HttpResponse<Buffer> preview = dmp.get("/api/v1/me/preview?profession=10", forLeo);
        assertThat(preview.statusCode()).as(preview.bodyAsString()).isEqualTo(200);
        List<String> previewed = new ArrayList<>();
        preview.bodyAsJsonObject().getJsonArray("items")
                .forEach(i -> previewed.add(((JsonObject) i).getString("documentId")));
        assertThat(previewed).containsExactly(ordinary);
        Dmp.problem(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + secretId + "/mask", forLeo, new JsonObject()),
                404, "not-found");
        // The parent's own space is still their own.
        assertThat(dmp.get("/api/v1/me", own).bodyAsJsonObject().getString("givenName")).isEqualTo("Julie");

        String blocked = Identities.rpps();
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/blocked/" + blocked, forLeo, new JsonObject()).statusCode())
                .isEqualTo(204);
        assertThat(Dmp.problem(dmp.send(HttpMethod.PUT, "/api/v1/me/directives", forLeo, directives()), 403,
                "consent-denied").getString("rule")).isEqualTo("directives-minor");
        // Research use (issue 22): the parent objects for Léo; the parent's own choice stays theirs.
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/research-use", forLeo, new JsonObject().put("objected", true))
                .statusCode()).isEqualTo(204);
        assertThat(dmp.get("/api/v1/me/research-use", forLeo).bodyAsJsonObject().getBoolean("objected")).isTrue();
        assertThat(dmp.get("/api/v1/me/research-use", own).bodyAsJsonObject().getBoolean("chosen")).isFalse();
        JsonArray history = dmp.get("/api/v1/me/access-history?filter=mine", forLeo).bodyAsJsonObject()
                .getJsonArray("entries");
        List<String> kinds = new ArrayList<>();
        history.forEach(e -> kinds.add(((JsonObject) e).getString("actorKind") + " "
                + ((JsonObject) e).getString("action")));
        assertThat(kinds).contains("REPRESENTATIVE BLOCK_PROFESSIONAL", "REPRESENTATIVE ACT_FOR",
                "REPRESENTATIVE SET_RESEARCH_USE");
        assertThat(history.encode()).doesNotContain(secretId);
        assertThat(audit(dmp, link)).contains("ACT_FOR true representation-in-force",
                "BLOCK_PROFESSIONAL true patient-choice", "SAVE_DIRECTIVES false directives-minor",
                "SET_RESEARCH_USE true patient-choice");

        // Ended by an operator: out of force on the very next request.
        HttpResponse<Buffer> ended = dmp.send(HttpMethod.DELETE, LINKS + "/" + link, dmp.admin(),
                new JsonObject().put("justification", "Jugement du 3 décembre : retrait de l'autorité parentale"));
        assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(204);
        assertThat(Dmp.problem(dmp.get("/api/v1/me", forLeo), 403, "consent-denied").getString("rule"))
                .isEqualTo("representation-ended");
        Dmp.problem(dmp.send(HttpMethod.POST, "/api/v1/me/acting-for", own, new JsonObject().put("ins", child.ins())),
                403, "consent-denied");
        assertThat(dmp.get("/api/v1/me/represented", own).bodyAsJsonObject().getJsonArray("represented")).isEmpty();
        Dmp.problem(dmp.send(HttpMethod.DELETE, LINKS + "/" + link, dmp.admin(),
                new JsonObject().put("justification", "again")), 404, "not-found");
        assertThat(audit(dmp, link)).contains("ACT_FOR false representation-ended");
    }

    @Test
    void fromTheOwnAccessAgeAMinorLogsInAndHidesADocumentFromTheirParents(Dmp dmp) {
        TestPatient parent = TestPatient.born(dmp, "1980-02-02", "Marc", "Roux");
        TestPatient teenager = TestPatient.born(dmp, "2010-01-10", "Lina", "Roux");
        id(create(dmp, parent, teenager, "PARENTAL_AUTHORITY"));
        String doctor = dmp.inCare(dmp.physician(Identities.rpps()), teenager.ins());
        String doc = dmp.deposited(doctor, teenager.ins(), Dmp.CONSULTATION_NOTE, "Consultation");
        String forLina = actingFor(dmp, parent.login(dmp), teenager.ins());
        assertThat(ids(dmp.get("/api/v1/me/documents", forLina))).contains(doc);
        assertThat(Dmp.problem(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + doc
                + "/confidential-from-representatives", forLina, new JsonObject()), 403, "consent-denied")
                .getString("rule")).isEqualTo("representative-not-allowed");

        String own = teenager.login(dmp);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + doc + "/confidential-from-representatives", own,
                new JsonObject()).statusCode()).isEqualTo(204);

        assertThat(ids(dmp.get("/api/v1/me/documents", forLina))).doesNotContain(doc);
        assertThat(ids(dmp.get("/api/v1/me/documents", own))).contains(doc);
        assertThat(ids(dmp.list(doctor, teenager.ins()))).contains(doc);

        // The FHIR face: an ITI-65 DocumentReference with the security label is kept from the parents too.
        org.hl7.fhir.r4.model.Bundle bundle = FhirFaceIT.provideBundle(teenager.ins(), "Consultation ado", "Vaccin");
        ((org.hl7.fhir.r4.model.DocumentReference) bundle.getEntry().get(1).getResource()).addSecurityLabel()
                .addCoding().setSystem("urn:dmp:security-label").setCode("confidential-from-representatives");
        HttpResponse<Buffer> provided = dmp.sendRaw(HttpMethod.POST, "/fhir/r4", doctor, "application/fhir+json",
                Buffer.buffer(FhirConformance.CONTEXT.newJsonParser().encodeResourceToString(bundle)));
        assertThat(provided.statusCode()).as(provided.bodyAsString()).isEqualTo(200);
        assertThat(titles(dmp.get("/api/v1/me/documents", forLina))).contains("Vaccin")
                .doesNotContain("Consultation ado");
        assertThat(titles(dmp.get("/api/v1/me/documents", own))).contains("Vaccin", "Consultation ado");
    }

    private static List<String> titles(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.bodyAsJsonObject().getJsonArray("documents").forEach(d -> out.add(((JsonObject) d).getString("title")));
        return out;
    }

    @Test
    void aGuardianNeverWritesDirectivesTheAdultDoesOnceTheAuthorisationIsRecorded(Dmp dmp) {
        TestPatient guardian = TestPatient.born(dmp, "1960-03-03", "Hélène", "Blanc");
        TestPatient adult = TestPatient.born(dmp, "1990-04-04", "Hugo", "Blanc");
        String link = id(create(dmp, guardian, adult, "GUARDIAN"));
        String forHugo = actingFor(dmp, guardian.login(dmp), adult.ins());
        assertThat(Dmp.problem(dmp.send(HttpMethod.PUT, "/api/v1/me/directives", forHugo, directives()), 403,
                "consent-denied").getString("rule")).isEqualTo("representative-not-allowed");

        String own = adult.login(dmp);
        assertThat(Dmp.problem(dmp.send(HttpMethod.PUT, "/api/v1/me/directives", own, directives()), 403,
                "consent-denied").getString("rule")).isEqualTo("directives-authorisation-required");
        HttpResponse<Buffer> authorised = dmp.send(HttpMethod.PUT, LINKS + "/" + link + "/directives-authorisation",
                dmp.admin(), new JsonObject().put("reference", "Ordonnance du juge des tutelles n° 26/1234"));
        assertThat(authorised.statusCode()).as(authorised.bodyAsString()).isEqualTo(204);
        HttpResponse<Buffer> saved = dmp.send(HttpMethod.PUT, "/api/v1/me/directives", own, directives());
        assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(200);
    }

    // ---- steps ----

    static JsonObject link(String representative, String represented, String kind) {
        return new JsonObject().put("representative", representative).put("represented", represented)
                .put("kind", kind).put("from", "2026-01-01").put("justification", "Livret de famille vérifié");
    }

    static HttpResponse<Buffer> create(Dmp dmp, TestPatient representative, TestPatient represented, String kind) {
        return dmp.send(HttpMethod.POST, LINKS, dmp.admin(), link(representative.ins(), represented.ins(), kind));
    }

    static String id(HttpResponse<Buffer> created) {
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.bodyAsJsonObject().getString("id");
    }

    static String actingFor(Dmp dmp, String token, String ins) {
        HttpResponse<Buffer> r = dmp.send(HttpMethod.POST, "/api/v1/me/acting-for", token,
                new JsonObject().put("ins", ins));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("token");
    }

    private static JsonObject directives() {
        return new JsonObject().put("model", "B_GOOD_HEALTH").put("trustedPerson",
                new JsonObject().put("name", "").put("contact", "x"));
    }

    private static List<String> ids(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.bodyAsJsonObject().getJsonArray("documents").forEach(d -> out.add(((JsonObject) d).getString("id")));
        return out;
    }

    /** Links and their audit entries, in the whole database: what a refused creation must leave unchanged. */
    private static List<String> written(Dmp dmp) {
        return query(dmp, "SELECT (SELECT count(*) FROM representation) || ' ' || (SELECT count(*) FROM audit_log "
                + "WHERE action IN ('CREATE_REPRESENTATION', 'END_REPRESENTATION'))");
    }

    private static List<String> audit(Dmp dmp, String link) {
        return query(dmp, "SELECT action || ' ' || allowed || ' ' || rule_id FROM audit_log "
                + "WHERE actor_kind = 'REPRESENTATIVE' AND actor_id = '" + link + "' ORDER BY seq");
    }

    private static List<String> query(Dmp dmp, String sql) {
        io.vertx.sqlclient.SqlClient client = io.vertx.pgclient.PgBuilder.client().connectingTo(dmp.pgUri())
                .using(dmp.vertx).build();
        try {
            List<String> out = new ArrayList<>();
            await(client.query(sql).execute()).forEach(r -> out.add(String.valueOf(r.getValue(0))));
            return out;
        } finally {
            client.close();
        }
    }
}
