package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.gateway.cli.ResearchCommand;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.store.RecordException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Research use on the running platform: the patient's choice through the patient API (in the access history), a
 * project registered through the admin API (bad input named), its extract by {@code dmp research extract}, the DPO's
 * audited list, and the end of the project, after which no extract can be made.
 */
@ExtendWith(PlatformExtension.class)
class ResearchUseIT {
    private static final String PROJECTS = "/api/v1/admin/research-projects";
    private static Dmp dmp;

    @TempDir
    Path tmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    @Test
    void thePatientsObjectionIsKeptAndShowsInTheAccessHistory() {
        TestPatient p = TestPatient.registered(dmp);
        String session = p.login(dmp);
        assertThat(dmp.get("/api/v1/me/research-use", session).bodyAsJsonObject().getBoolean("objected")).isFalse();
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/research-use", session, new JsonObject().put("objected", true))
                .statusCode()).isEqualTo(204);
        assertThat(dmp.get("/api/v1/me/research-use", session).bodyAsJsonObject().getBoolean("objected")).isTrue();
        JsonArray history = dmp.get("/api/v1/me/access-history?filter=mine&page=0", session).bodyAsJsonObject()
                .getJsonArray("entries");
        assertThat(history.stream().map(e -> ((JsonObject) e).getString("action"))).contains("SET_RESEARCH_USE");
    }

    @Test
    void badProjectsAreProblemsNamingTheField() {
        String admin = dmp.admin();
        assertThat(field(dmp.send(HttpMethod.POST, PROJECTS, admin, project().put("legalBasis", " "))))
                .isEqualTo("legalBasis");
        JsonObject noEnd = project();
        noEnd.remove("endDate");
        assertThat(dmp.send(HttpMethod.POST, PROJECTS, admin, noEnd).statusCode()).isEqualTo(400);
        JsonObject noBasis = project();
        noBasis.remove("legalBasis");
        assertThat(dmp.send(HttpMethod.POST, PROJECTS, admin, noBasis).statusCode()).isEqualTo(400);
        assertThat(field(dmp.send(HttpMethod.POST, PROJECTS, admin, project().put("k", 1)))).isEqualTo("k");
        assertThat(field(dmp.send(HttpMethod.POST, PROJECTS, admin, project().put("dataClasses",
                new JsonArray().add("99999-9"))))).isEqualTo("dataClasses");
        // A professional's token cannot register a project.
        assertThat(dmp.send(HttpMethod.POST, PROJECTS, dmp.physician(Identities.rpps()), project()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aProjectIsExtractedListedForTheDpoThenEndedForGood() throws Exception {
        dmp.activePatient();
        String admin = dmp.admin();
        HttpResponse<Buffer> created = dmp.send(HttpMethod.POST, PROJECTS, admin, project());
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String id = created.bodyAsJsonObject().getString("id");
        assertThat(created.bodyAsString()).doesNotContain("key");

        Path out = tmp.resolve("extract");
        assertThat(ResearchCommand.run(config(), List.of("extract", id, "--out", out.toString()))).isZero();
        assertThat(out.resolve("persons.csv.gz")).exists();
        assertThat(out.resolve("documents.csv.gz")).exists();
        assertThat(out.resolve("care_history.csv.gz")).exists();
        assertThat(out.resolve("schema.json")).exists();

        String dpo = dmp.token(Map.of("scope", "dmp:dpo"), List.of(Dmp.AUDIENCE), 600);
        HttpResponse<Buffer> list = dmp.get("/api/v1/admin/research-extracts", dpo);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.bodyAsJsonObject().getJsonArray("extracts").stream()
                .map(e -> ((JsonObject) e).getString("projectId"))).contains(id);

        assertThat(dmp.send(HttpMethod.POST, PROJECTS + "/" + id + "/end", admin, new JsonObject()).statusCode())
                .isEqualTo(204);
        problem(dmp.send(HttpMethod.POST, PROJECTS + "/" + id + "/end", admin, new JsonObject()), 404, "not-found");
        Path after = tmp.resolve("after");
        // Main prints the store's message and exits 1.
        assertThatThrownBy(() -> ResearchCommand.run(config(), List.of("extract", id, "--out", after.toString())))
                .isInstanceOf(RecordException.Conflict.class).hasMessageContaining("ended");
        assertThat(after).doesNotExist();
        try (var left = Files.list(tmp)) {
            assertThat(left.map(x -> x.getFileName().toString())).containsExactly("extract");
        }
    }

    private static GatewayConfig config() {
        return GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dmp.platform.config().dataDir().toString(),
                GatewayConfig.PG_URL, dmp.pgUri()));
    }

    private static String field(HttpResponse<Buffer> r) {
        return problem(r, 400, "invalid-field").getString("field");
    }

    private static JsonObject project() {
        return new JsonObject().put("name", "Parcours après infarctus").put("purpose", "Étude des parcours de soins")
                .put("legalBasis", "RGPD 6.1.e et 9.2.j ; CSP L1461-1 ; MR-004")
                .put("dataClasses", new JsonArray().add("11488-4").add("care-history"))
                .put("period", new JsonObject().put("from", "2020-01-01").put("to", LocalDate.now().toString()))
                .put("endDate", LocalDate.now().plusYears(3).toString()).put("k", 5);
    }
}
