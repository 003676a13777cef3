package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A NUL (or another control character) in a path segment is the client's mistake: 400 naming the path, before
 * authentication, routing or the store (it used to reach PostgreSQL, which refuses NUL in text, and come back as a
 * 503 "unavailable"). The patient API (/api/v1/me) checks its own parameters.
 */
@ExtendWith(PlatformExtension.class)
class ControlCharactersIT {

    @Test
    void aNulOrControlCharacterInAnyPathSegmentIsABadRequestNeverAnOutage(Dmp dmp) {
        String ins = dmp.activePatient();
        String physician = dmp.physician(Identities.rpps());
        String admin = dmp.admin();
        List<String> paths = List.of(
                "/api/v1/documents/%00",
                "/api/v1/documents/%00/release",
                "/api/v1/patients/%00/documents",
                "/api/v1/patients/" + ins + "%00/documents",
                "/api/v1/patients/" + ins + "/documents?classCode=%00",
                "/api/v1/patients/" + ins + "/care-history/%0a",
                "/api/v1/admin/campaigns/%00",
                "/api/v1/admin/professionals/%00",
                "/api/v1/%00",
                "/operateur/campagnes/%00",
                "/documents/%00",
                "/documents/%1b/contenu",
                "/%00");
        for (String path : paths) {
            for (String token : new String[] {null, physician, admin}) {
                HttpResponse<Buffer> r = dmp.get(path, token);
                JsonObject body = Dmp.problem(r, 400, "invalid-field");
                assertThat(body.getString("field")).as(path).isEqualTo("path");
            }
        }
        HttpResponse<Buffer> deposit = dmp.send(HttpMethod.POST, "/api/v1/patients/%00/documents", physician,
                Dmp.document(Dmp.CONSULTATION_NOTE, "t", "x"));
        Dmp.problem(deposit, 400, "invalid-field");
        // An ordinary percent-encoded character is not refused by the guard.
        assertThat(dmp.get("/api/v1/documents/%30", physician).bodyAsString()).doesNotContain("\"field\":\"path\"");
    }
}
