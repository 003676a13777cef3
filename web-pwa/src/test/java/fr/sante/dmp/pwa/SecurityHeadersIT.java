package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;

@ExtendWith(EmbeddedPostgresExtension.class)
class SecurityHeadersIT {

    static TestApp app;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static void assertSecurityHeaders(HttpResponse<Buffer> r) {
        String csp = r.getHeader("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                "form-action 'self'", "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(r.getHeader("Strict-Transport-Security")).startsWith("max-age=");
        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.getHeader("Permissions-Policy")).contains("camera=()", "geolocation=()");
    }

    @Test
    void homePageIsFrenchByDefaultWithStrictSecurityHeaders() {
        HttpResponse<Buffer> r = new Browserless(app).get(Paths.HOME);
        assertThat(r.statusCode()).isEqualTo(200);
        assertSecurityHeaders(r);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(r.bodyAsString()).contains("<html lang=\"fr\"", "Votre dossier médical partagé",
                "hx-history=\"false\"", "\"allowEval\":false").doesNotContain("<script>", "onclick", "style=\"");
    }

    @Test
    void englishIsOneClickAwayAndRemembered() {
        Browserless b = new Browserless(app);
        HttpResponse<Buffer> r = b.get(Paths.HOME + "?lang=en");
        assertThat(r.bodyAsString()).contains("<html lang=\"en\"", "Your shared medical record");
        assertThat(b.get(Paths.LOGIN).bodyAsString()).contains("<html lang=\"en\"");
    }

    @Test
    void staticAssetsAndErrorsCarryTheHeadersToo() {
        Browserless b = new Browserless(app);
        String version = app.space.assetVersion();
        HttpResponse<Buffer> css = b.get(Paths.ASSETS + "/" + version + "/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.getHeader("Cache-Control")).contains("immutable");
        assertSecurityHeaders(css);
        HttpResponse<Buffer> htmx = b.get(Paths.ASSETS + "/" + version + "/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.bodyAsString()).contains("htmx");
        HttpResponse<Buffer> stale = b.get(Paths.ASSETS + "/0000/app.css");
        assertThat(stale.statusCode()).isEqualTo(404);
        assertSecurityHeaders(stale);
    }

    @Test
    void mountedAtTheRootOfTheGatewaysRouterItLeavesTheGatewaysOwnRoutesAlone() {
        io.vertx.ext.web.Router gateway = io.vertx.ext.web.Router.router(app.vertx);
        gateway.get("/api/v1/patients/:ins").handler(ctx -> ctx.response().end("professional api"));
        gateway.route("/*").subRouter(app.space.router());
        gateway.get("/health").handler(ctx -> ctx.response().end("ok"));
        io.vertx.core.http.HttpServer server = TestApp.await(app.vertx.createHttpServer().requestHandler(gateway)
                .listen(0, "127.0.0.1"));
        try {
            io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(app.vertx);
            int port = server.actualPort();
            assertThat(TestApp.await(client.get(port, "127.0.0.1", "/api/v1/patients/123").send()).bodyAsString())
                    .isEqualTo("professional api");
            assertThat(TestApp.await(client.get(port, "127.0.0.1", "/health").send()).bodyAsString()).isEqualTo("ok");
            HttpResponse<Buffer> home = TestApp.await(client.get(port, "127.0.0.1", Paths.HOME).send());
            assertThat(home.bodyAsString()).contains("Votre dossier médical partagé");
            assertSecurityHeaders(home);
            assertThat(TestApp.await(client.get(port, "127.0.0.1", "/api/v1/me").send()).statusCode()).isEqualTo(401);
        } finally {
            TestApp.await(server.close());
        }
    }
}
