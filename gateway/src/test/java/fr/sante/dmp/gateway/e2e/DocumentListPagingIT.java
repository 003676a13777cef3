package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 20, item 7: the professional JSON list pages by keyset ({@code limit}, {@code after}) on the store's index, as
 * ITI-67 does: the pages walk the whole list newest first, each one audited, hidden documents absent without leaving a
 * page short; the list without either parameter answers as it always did.
 */
@ExtendWith(PlatformExtension.class)
class DocumentListPagingIT {
    private static final String PRESCRIPTION = "57833-6";
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    @Test
    void pagesWalkTheWholeListNewestFirstWithNoDuplicateOrGapEachAudited() {
        String ins = dmp.activePatient();
        String rpps = Identities.rpps();
        String physician = dmp.inCare(dmp.physician(rpps), ins);
        for (int i = 1; i <= 7; i++) {
            dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "note " + i);
        }
        HttpResponse<Buffer> whole = dmp.list(physician, ins);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.bodyAsJsonObject().fieldNames()).containsExactly("documents");
        List<String> all = ids(whole.bodyAsJsonObject());
        assertThat(titles(whole.bodyAsJsonObject())).containsExactly("note 7", "note 6", "note 5", "note 4", "note 3",
                "note 2", "note 1");

        int audited = dmp.auditOf(rpps).size();
        List<List<String>> pages = walk(physician, ins, 3);
        assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(all);
        assertThat(dmp.auditOf(rpps).subList(audited, dmp.auditOf(rpps).size()))
                .containsOnly("LIST_DOCUMENTS true care-team").hasSize(3);

        // A page exactly the list's size knows there is nothing after it; after alone takes the default size.
        JsonObject exact = page(physician, ins, "?limit=7");
        assertThat(ids(exact)).containsExactlyElementsOf(all);
        assertThat(exact.containsKey("next")).isFalse();
        JsonObject first = page(physician, ins, "?limit=2");
        assertThat(page(physician, ins, "?after=" + first.getString("next")).getJsonArray("documents"))
                .hasSize(5);
    }

    @Test
    void badPagingParametersAreInvalidFieldProblems() {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "note");
        String path = "/api/v1/patients/" + ins + "/documents";
        for (String query : List.of("limit=0", "limit=101", "limit=-1", "limit=ten", "limit=2.5", "after=",
                "after=not%20base64", "after=" + "A".repeat(101))) {
            Dmp.problem(dmp.get(path + "?" + query, physician), 400, "invalid-field");
        }
        // Well-formed tokens this list never gave: not a position, not decoded, nothing half-read.
        String notACursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("12.x.y".getBytes(StandardCharsets.US_ASCII));
        String padded = page(physician, ins, "?limit=1").getString("next");
        for (String token : List.of("abc", notACursor, padded == null ? "x" : padded + "A")) {
            JsonObject problem = Dmp.problem(dmp.get(path + "?after=" + token, physician), 400, "invalid-field");
            assertThat(problem.encode()).contains("after");
        }
        // One more than the store allows is refused, the store's largest page answers.
        assertThat(dmp.get(path + "?limit=100", physician).statusCode()).isEqualTo(200);
        assertThat(dmp.get(path + "?limit=1", null).statusCode()).isEqualTo(401);
    }

    /**
     * A pharmacist may not see consultation notes and nobody but its author sees a masked document: both are absent
     * from every page and no page is short for them (a page's size says nothing of hidden documents), exactly the
     * unpaged list of that pharmacist.
     */
    @Test
    void aPharmacistsPagesHoldOnlyWhatThePharmacistMaySeeAndStayFull() {
        TestPatient patient = TestPatient.registered(dmp);
        String ins = patient.ins();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        List<String> prescriptions = new ArrayList<>();
        String masked = null;
        for (String[] d : new String[][] {{PRESCRIPTION, "p1"}, {Dmp.CONSULTATION_NOTE, "n1"},
            {PRESCRIPTION, "p2"}, {Dmp.CONSULTATION_NOTE, "n2"}, {Dmp.CONSULTATION_NOTE, "n3"}, {PRESCRIPTION, "p3"},
            {Dmp.CONSULTATION_NOTE, "n4"}, {PRESCRIPTION, "p4"}, {Dmp.CONSULTATION_NOTE, "n5"}}) {
            String id = dmp.deposited(physician, ins, d[0], d[1]);
            if (d[1].equals("p3")) {
                masked = id;
            } else if (d[0].equals(PRESCRIPTION)) {
                prescriptions.add(0, id);
            }
        }
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + masked + "/mask", patient.login(dmp),
                new JsonObject()).statusCode()).isEqualTo(204);

        String pharmacist = dmp.inCare(dmp.professional(Identities.rpps(), "21", "dmp:read"), ins);
        List<String> unpaged = ids(dmp.list(pharmacist, ins).bodyAsJsonObject());
        assertThat(unpaged).containsExactlyElementsOf(prescriptions);
        for (int limit : List.of(1, 2, 3)) {
            List<List<String>> pages = walk(pharmacist, ins, limit);
            assertThat(pages.stream().flatMap(List::stream).toList()).as("limit " + limit)
                    .containsExactlyElementsOf(unpaged);
            assertThat(pages.subList(0, pages.size() - 1)).as("limit " + limit).allMatch(p -> p.size() == limit);
        }
        // The physician's own pages hold the notes and the masked document's author still sees it.
        assertThat(walk(physician, ins, 4).stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(ids(dmp.list(physician, ins).bodyAsJsonObject())).hasSize(9);
    }

    /** Follows {@code next} from the first page to the last; every page but the last names the next one. */
    private static List<List<String>> walk(String token, String ins, int limit) {
        List<List<String>> pages = new ArrayList<>();
        String query = "?limit=" + limit;
        while (true) {
            JsonObject page = page(token, ins, query);
            pages.add(ids(page));
            assertThat(pages).as("pages").hasSizeLessThan(20);
            if (!page.containsKey("next")) {
                return pages;
            }
            query = "?limit=" + limit + "&after=" + page.getString("next");
        }
    }

    private static JsonObject page(String token, String ins, String query) {
        HttpResponse<Buffer> r = dmp.get("/api/v1/patients/" + ins + "/documents" + query, token);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        return r.bodyAsJsonObject();
    }

    private static List<String> ids(JsonObject list) {
        return list.getJsonArray("documents").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static List<String> titles(JsonObject list) {
        return list.getJsonArray("documents").stream().map(o -> ((JsonObject) o).getString("title")).toList();
    }
}
