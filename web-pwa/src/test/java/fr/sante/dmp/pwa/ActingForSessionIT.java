package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.store.representation.NewRepresentation;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestClock;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An acting-for token is the representative's login, acting for someone: it never outlives that login (its absolute
 * lifetime counts from the login, however many times acting-for tokens are chained), and it stops at once when the
 * link ends (the link is read on every request, no cache).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ActingForSessionIT {
    static TestApp app;
    /** The patient space's clock, moved by the test (the store keeps the real one: the link stays in force). */
    static final TestClock CLOCK = new TestClock();
    static WebClient client;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config().withClock(CLOCK));
        client = WebClient.create(app.vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anActingForTokenDiesWithTheLoginsAbsoluteLifetimeEvenWhenChained() {
        Duration lifetime = TestApp.config().sessionMaxLifetime();
        TestApp.Person parent = app.register("Julie", RecordState.ACTIVE);
        TestApp.Person son = app.register("Léo", LocalDate.now().minusYears(9), RecordState.ACTIVE);
        link(parent, son);
        Instant loginAt = CLOCK.instant();
        String own = login(parent);

        CLOCK.set(loginAt.plus(lifetime).minus(Duration.ofMinutes(60)));
        String first = actingFor(own, son);
        CLOCK.set(loginAt.plus(lifetime).minus(Duration.ofMinutes(10)));
        String chained = actingFor(first, son);
        assertThat(call(HttpMethod.GET, "", chained, null).bodyAsJsonObject().getString("givenName")).isEqualTo("Léo");

        CLOCK.set(loginAt.plus(lifetime).plusSeconds(1));
        assertThat(call(HttpMethod.GET, "", own, null).statusCode()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "", first, null).statusCode()).as("acting-for made an hour before the end")
                .isEqualTo(401);
        assertThat(call(HttpMethod.GET, "", chained, null).statusCode()).as("acting-for made from acting-for")
                .isEqualTo(401);
    }

    @Test
    void anActingForTokenIsRefusedOnTheVeryNextRequestOnceTheLinkEnds() {
        TestApp.Person parent = app.register("Marc", RecordState.ACTIVE);
        TestApp.Person daughter = app.register("Lina", LocalDate.now().minusYears(12), RecordState.ACTIVE);
        UUID link = link(parent, daughter);
        String forLina = actingFor(login(parent), daughter);
        assertThat(call(HttpMethod.GET, "", forLina, null).statusCode()).isEqualTo(200);

        TestApp.await(app.store.representations().end("operator", link, "Jugement : retrait de l'autorité parentale"));

        HttpResponse<Buffer> next = call(HttpMethod.GET, "", forLina, null);
        assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(403);
        assertThat(next.bodyAsJsonObject().getString("rule")).isEqualTo("representation-ended");
        assertThat(call(HttpMethod.GET, "/documents", forLina, null).statusCode()).isEqualTo(403);
    }

    private static UUID link(TestApp.Person parent, TestApp.Person child) {
        return TestApp.await(app.store.representations().create("operator", new NewRepresentation(parent.ins(),
                child.ins(), RepresentationKind.PARENTAL_AUTHORITY, child.birthDate(), Optional.empty(),
                "Livret de famille vérifié")));
    }

    private static String login(TestApp.Person p) {
        JsonObject id = new JsonObject().put("ins", p.ins().value()).put("birthDate", p.birthDate().toString());
        assertThat(call(HttpMethod.POST, "/login", null, id).statusCode()).isEqualTo(202);
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/login/verify", null,
                id.copy().put("code", app.codes.lastCode()));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("token");
    }

    private static String actingFor(String token, TestApp.Person person) {
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/acting-for", token,
                new JsonObject().put("ins", person.ins().value()));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("token");
    }

    private static HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) {
        var req = client.requestAbs(method, app.base() + "/api/v1/me" + path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return TestApp.await(body == null ? req.send() : req.sendJsonObject(body));
    }
}
