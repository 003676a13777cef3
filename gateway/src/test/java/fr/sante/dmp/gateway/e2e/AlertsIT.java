package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The alerts the patient chose, from the professional's request to the SMS in the dev inbox, through the feed. */
@ExtendWith(GuardsExtension.class)
class AlertsIT {
    private static final String TITLE = "Compte rendu de coloscopie";

    @Test
    void aDepositByAProfessionalSendsTheNewDocumentSmsThePatientChose(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String token = p.login(dmp);
        HttpResponse<Buffer> chosen = dmp.send(HttpMethod.PUT, "/api/v1/me/alerts", token, new JsonObject()
                .put("everyAccess", false).put("firstAccessByProfessional", false).put("newDocument", true)
                .put("channel", "SMS"));
        assertThat(chosen.statusCode()).as(chosen.bodyAsString()).isEqualTo(204);
        int before = p.messages(dmp).size();

        dmp.deposited(dmp.inCare(dmp.physician(Identities.rpps()), p.ins()), p.ins(), Dmp.CONSULTATION_NOTE, TITLE);

        String sms = awaitMessage(dmp, p, before, "nouveau document");
        assertThat(sms).as("the link to the space; neither the title nor who deposited it, nor their profession")
                .contains("https://espace-sante.test/").doesNotContain(TITLE, "coloscopie", "Médecin", "médecin");
    }

    /** The body of the first message after {@code before} that contains {@code text}, within 30 s. */
    private static String awaitMessage(Dmp dmp, TestPatient p, int before, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonArray messages = p.messages(dmp);
            for (int i = before; i < messages.size(); i++) {
                String body = messages.getJsonObject(i).getString("body");
                if (body.contains(text)) {
                    return body;
                }
            }
            await(dmp.vertx.timer(200));
        }
        throw new AssertionError("no message with '" + text + "' reached the dev inbox within 30 s");
    }
}
