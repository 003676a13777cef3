package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lighthouse 11.7.1 (web-pwa/lighthouse, {@code npm ci} there; the last release with the PWA category, which 12
 * dropped) on Debian's Chromium, phone profile (390×844, mobile): accessibility 100, best practices at least 95, and the
 * PWA installable ({@code installable-manifest}: manifest and service worker as Chromium judges installability). A
 * page whose score drops fails the build and names the audits that failed. The reports go to
 * {@code target/lighthouse/}. Without Lighthouse installed the test is skipped, unless {@code DMP_REQUIRE_LIGHTHOUSE}
 * is set (CI sets it: there it must run).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class LighthouseBrowserIT {
    static final Path CLI = Path.of("lighthouse", "node_modules", "lighthouse", "cli", "index.js");
    static final Path REPORTS = Path.of("target", "lighthouse");

    static TestApp app;
    static String sessionCookie;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        if (!Files.isRegularFile(CLI)) {
            if (System.getenv("DMP_REQUIRE_LIGHTHOUSE") != null) {
                fail("Lighthouse is not installed: npm ci --prefix web-pwa/lighthouse");
            }
            Assumptions.abort("Lighthouse is not installed (npm ci --prefix web-pwa/lighthouse)");
        }
        app = new TestApp(db, TestApp.config());
        TestApp.Person camille = app.register("Camille", RecordState.ACTIVE);
        Actor.Professional author = StoreFixture.physician();
        app.deposit(author, camille, DocumentClass.CONSULTATION_NOTE, "Compte rendu de consultation", "texte");
        Browserless b = new Browserless(app);
        String ins = camille.ins().value();
        String birth = camille.birthDate().toString();
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth)
                .add("code", app.codes.lastCode()));
        StringBuilder cookie = new StringBuilder();
        b.cookies.forEach((k, v) -> cookie.append(cookie.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        sessionCookie = cookie.toString();
        Files.createDirectories(REPORTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theHomePageScoresAccessibility100BestPractices95AndIsInstallable() throws Exception {
        assertScores("home", Paths.HOME, null);
    }

    @Test
    void theSignedInDocumentsPageScoresAccessibility100BestPractices95AndIsInstallable() throws Exception {
        assertScores("documents", Paths.DOCUMENTS, sessionCookie);
    }

    private static void assertScores(String name, String path, String cookie) throws Exception {
        JsonObject report = lighthouse(name, path, cookie);
        JsonObject categories = report.getJsonObject("categories");
        JsonObject audits = report.getJsonObject("audits");
        String failing = failing(audits);
        assertThat(report.getString("finalDisplayedUrl")).as("not redirected (signed in)").endsWith(path);
        assertThat(categories.getJsonObject("accessibility").getDouble("score")).as(name + " accessibility; "
                + failing).isEqualTo(1.0);
        assertThat(categories.getJsonObject("best-practices").getDouble("score")).as(name + " best practices; "
                + failing).isGreaterThanOrEqualTo(0.95);
        assertThat(audits.getJsonObject("installable-manifest").getDouble("score")).as(name + " installable; "
                + audits.getJsonObject("installable-manifest").encode()).isEqualTo(1.0);
    }

    /** The binary and numeric audits below a full score, by id: what to fix when a score drops. */
    private static String failing(JsonObject audits) {
        List<String> out = new ArrayList<>();
        audits.forEach(e -> {
            JsonObject a = (JsonObject) e.getValue();
            Object score = a.getValue("score");
            if (score instanceof Number n && n.doubleValue() < 1
                    && ("binary".equals(a.getString("scoreDisplayMode"))
                    || "numeric".equals(a.getString("scoreDisplayMode")))) {
                out.add(e.getKey() + "=" + n);
            }
        });
        return "below full score: " + out;
    }

    private static JsonObject lighthouse(String name, String path, String cookie) throws Exception {
        Path out = REPORTS.resolve(name + ".json");
        List<String> cmd = new ArrayList<>(List.of("node", CLI.toString(), "http://localhost:" + app.port() + path,
                "--output=json", "--output-path=" + out, "--quiet",
                "--only-categories=accessibility,best-practices,pwa",
                "--form-factor=mobile", "--screenEmulation.mobile", "--screenEmulation.width=390",
                "--screenEmulation.height=844", "--screenEmulation.deviceScaleFactor=3",
                "--throttling-method=provided", "--max-wait-for-load=30000",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --lang=fr-FR"));
        if (cookie != null) {
            Path headers = REPORTS.resolve(name + "-headers.json");
            Files.writeString(headers, new JsonObject().put("Cookie", cookie).encode(), StandardCharsets.UTF_8);
            cmd.add("--extra-headers=" + headers);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(REPORTS.resolve(name + ".log").toFile());
        pb.environment().put("CHROME_PATH", "/usr/bin/chromium");
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Lighthouse did not finish in 240 s on " + path);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
            fail("Lighthouse failed on " + path + ": " + tail(REPORTS.resolve(name + ".log")));
        }
        return new JsonObject(Files.readString(out, StandardCharsets.UTF_8));
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
