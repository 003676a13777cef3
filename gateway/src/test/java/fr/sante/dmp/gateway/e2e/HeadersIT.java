package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transport headers on what the platform answers: HSTS, a CSP forbidding framing, no caching of personal answers,
 * on the professional API (answers and problems) and on the patient space (pages and the patient API).
 */
@ExtendWith(GuardsExtension.class)
class HeadersIT {

    @Test
    void professionalApiAnswersAndProblemsCarryHstsCspAndNoStore(Dmp dmp) {
        String ins = dmp.activePatient();
        HttpResponse<Buffer> ok = dmp.list(dmp.inCare(dmp.physician(Identities.rpps()), ins), ins);
        HttpResponse<Buffer> problem = dmp.list(null, ins);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(problem.statusCode()).isEqualTo(401);
        for (HttpResponse<Buffer> r : new HttpResponse[] {ok, problem}) {
            assertThat(r.getHeader("Strict-Transport-Security")).contains("max-age=63072000");
            assertThat(r.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'")
                    .contains("default-src 'none'");
            assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
            assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Test
    void patientPagesAndPersonalPatientAnswersCarryHstsCspAndNoStore(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String token = p.login(dmp);
        HttpResponse<Buffer> page = dmp.get(fr.sante.dmp.pwa.web.Paths.LOGIN, null);
        HttpResponse<Buffer> me = dmp.get("/api/v1/me", token);
        HttpResponse<Buffer> documents = dmp.get("/api/v1/me/documents", token);

        for (HttpResponse<Buffer> r : new HttpResponse[] {page, me, documents}) {
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            assertThat(r.getHeader("Strict-Transport-Security")).contains("max-age=");
            assertThat(r.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        }
    }
}
