package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the national directory loaded (the sample of docs/samples): professionals are named where their RPPS is shown,
 * the patient finds a treating doctor or someone to block by name, an RPPS absent from the directory is refused, and
 * the access history is filtered (professionals by default), names each document and downloads as CSV.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DirectoryAndHistoryIT {
    static final Rpps LEFEVRE = new Rpps("10001234565");
    static final Rpps MOREAU = new Rpps("10000000108");
    static TestApp app;
    TestApp.Person camille;
    UUID report;

    @BeforeAll
    static void startAll(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        TestApp.await(app.store.directory().importExtract("test", Files.readAllLines(
                Path.of("../docs/samples/directory-personne-activite.txt"), StandardCharsets.UTF_8).iterator()));
    }

    @AfterAll
    static void stopAll() throws Exception {
        app.close();
    }

    @BeforeEach
    void start() {
        app.restart(TestApp.config());
        camille = app.register("Camille", RecordState.ACTIVE);
        report = app.deposit(Actor.Professional.of(LEFEVRE, Profession.PHYSICIAN), camille,
                DocumentClass.CONSULTATION_NOTE, "Compte rendu de consultation", "texte");
    }

    Browserless signedIn() {
        Browserless b = new Browserless(app);
        String ins = camille.ins().value();
        String birth = camille.birthDate().toString();
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth)
                .add("code", app.codes.lastCode()));
        b.get(Paths.DASHBOARD);
        return b;
    }

    @Test
    void theDocumentAuthorIsNamedWithProfessionSpecialtyAndTown() {
        Browserless b = signedIn();

        String page = b.get(Paths.of(Paths.DOCUMENT, report.toString())).bodyAsString();

        assertThat(page).contains("Dr Marie LEFÈVRE, Médecin, Médecine Générale, Paris (RPPS 10001234565)");
    }

    @Test
    void aTreatingDoctorIsChosenByNameAmongPhysiciansThenNamedOnThePage() {
        Browserless b = signedIn();

        HttpResponse<Buffer> found = b.post(Paths.PRIVACY_TREATING_DOCTOR,
                MultiMap.caseInsensitiveMultiMap().add("doctor", "lefevre"));
        HttpResponse<Buffer> chosen = b.post(Paths.PRIVACY_TREATING_DOCTOR,
                MultiMap.caseInsensitiveMultiMap().add("doctor", LEFEVRE.value()));
        String privacy = b.get(Paths.PRIVACY).bodyAsString();

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.bodyAsString()).contains("Professionnels trouvés pour « lefevre »")
                .contains("name=\"doctor\" value=\"10001234565\"").contains("Choisir comme médecin traitant");
        assertThat(chosen.statusCode()).isEqualTo(303);
        assertThat(privacy).contains("Médecin traitant actuel : Dr Marie LEFÈVRE, Médecin");
        assertThat(app.overview(camille).treatingDoctorRpps()).contains(LEFEVRE.value());
    }

    @Test
    void aNameNobodyHasIsAFieldErrorAndANurseIsNotOfferedAsTreatingDoctor() {
        Browserless b = signedIn();

        HttpResponse<Buffer> nobody = b.post(Paths.PRIVACY_TREATING_DOCTOR,
                MultiMap.caseInsensitiveMultiMap().add("doctor", "Zzyzx"));
        HttpResponse<Buffer> nurse = b.post(Paths.PRIVACY_TREATING_DOCTOR,
                MultiMap.caseInsensitiveMultiMap().add("doctor", "moreau infirmier"));

        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(nobody.bodyAsString()).contains("Aucun professionnel de l'annuaire ne correspond à ce nom");
        assertThat(nurse.statusCode()).isEqualTo(400);
    }

    @Test
    void someoneIsBlockedByNameAndAnRppsAbsentFromTheLoadedDirectoryIsRefused() {
        Browserless b = signedIn();

        HttpResponse<Buffer> found = b.post(Paths.PRIVACY_BLOCK,
                MultiMap.caseInsensitiveMultiMap().add("rpps", "Moreau infirmier"));
        HttpResponse<Buffer> blocked = b.post(Paths.PRIVACY_BLOCK,
                MultiMap.caseInsensitiveMultiMap().add("rpps", MOREAU.value()));
        HttpResponse<Buffer> unknown = b.post(Paths.PRIVACY_BLOCK,
                MultiMap.caseInsensitiveMultiMap().add("rpps", "10000000991"));
        String privacy = b.get(Paths.PRIVACY).bodyAsString();

        assertThat(found.bodyAsString()).contains("name=\"rpps\" value=\"10000000108\"").contains("Hugo MOREAU");
        assertThat(blocked.statusCode()).isEqualTo(303);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.bodyAsString()).contains("n'est pas dans l'annuaire des professionnels de santé");
        assertThat(privacy).contains("Hugo MOREAU, Infirmier").contains("(RPPS 10000000108)");
    }

    @Test
    void theHistoryShowsProfessionalsByDefaultNamesTheDocumentAndHidesOwnViews() {
        Browserless b = signedIn();
        b.get(Paths.of(Paths.DOCUMENT, report.toString()));

        String professionals = b.get(Paths.HISTORY).bodyAsString();
        String mine = b.get(Paths.HISTORY + "?filter=mine").bodyAsString();

        assertThat(professionals).contains("Dr Marie LEFÈVRE").contains("Compte rendu de consultation")
                .contains("aria-current=\"page\"").doesNotContain(">Vous<").doesNotContain("Vous\n");
        assertThat(mine).contains("Vous").contains("Compte rendu de consultation").doesNotContain("LEFÈVRE");
    }

    @Test
    void theHistoryDownloadsAsCsvWithNamesAndTitles() {
        Browserless b = signedIn();

        HttpResponse<Buffer> csv = b.get(Paths.HISTORY_CSV + "?filter=professionals");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(csv.getHeader("Content-Disposition")).contains("attachment");
        String text = csv.bodyAsString();
        assertThat(text).startsWith("\uFEFFat,actorKind,rpps,professional")
                .contains("PROFESSIONAL,10001234565,MARIE LEFÈVRE,10,DEPOSIT," + report + ",Compte rendu de consultation");
    }

    @Test
    void theApiSearchesTheDirectoryAndFiltersTheHistory() {
        WebClient client = WebClient.create(app.vertx);
        String ins = camille.ins().value();
        JsonObject id = new JsonObject().put("ins", ins).put("birthDate", camille.birthDate().toString());
        TestApp.await(client.postAbs(app.base() + "/api/v1/me/login").sendJsonObject(id));
        String token = TestApp.await(client.postAbs(app.base() + "/api/v1/me/login/verify")
                .sendJsonObject(id.copy().put("code", app.codes.lastCode()))).bodyAsJsonObject().getString("token");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);

        JsonObject found = get(client, "/api/v1/me/directory?q=lef%C3%A8vre&profession=10", auth).bodyAsJsonObject();
        JsonObject history = get(client, "/api/v1/me/access-history", auth).bodyAsJsonObject();
        HttpResponse<Buffer> badFilter = get(client, "/api/v1/me/access-history?filter=everything", auth);
        HttpResponse<Buffer> noQuery = get(client, "/api/v1/me/directory", auth);

        assertThat(found.getJsonArray("professionals").getJsonObject(0).getString("familyName")).isEqualTo("LEFÈVRE");
        assertThat(history.getString("filter")).isEqualTo("professionals");
        assertThat(history.getJsonArray("entries")).isNotEmpty().allSatisfy(e ->
                assertThat(((JsonObject) e).getString("actorKind")).isEqualTo("PROFESSIONAL"));
        assertThat(history.getJsonArray("entries").getJsonObject(0).getString("documentTitle"))
                .isEqualTo("Compte rendu de consultation");
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(badFilter.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(noQuery.statusCode()).isEqualTo(400);
        client.close();
    }

    private static HttpResponse<Buffer> get(WebClient client, String path, Map<String, String> headers) {
        var req = client.requestAbs(HttpMethod.GET, app.base() + path);
        headers.forEach(req::putHeader);
        return TestApp.await(req.send());
    }
}
