package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestClock;
import fr.sante.dmp.store.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class LoginIT {

    static TestApp app;
    String ins;
    String unknownIns;
    LocalDate birth;

    @BeforeAll
    static void startAll(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stopAll() throws Exception {
        app.close();
    }

    @BeforeEach
    void start() {
        app.restart(TestApp.config());
        TestApp.Person camille = app.register("Camille", RecordState.ACTIVE);
        ins = camille.ins().value();
        birth = camille.birthDate();
        unknownIns = StoreFixture.newIns().value();
    }

    static MultiMap identity(String ins, LocalDate birth) {
        return MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth.toString());
    }

    static MultiMap withCode(String ins, LocalDate birth, String code) {
        return identity(ins, birth).add("code", code);
    }

    Browserless visitor() {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        return b;
    }

    @Test
    void theCodeSentOpensASessionInAHostPrefixedStrictHttpOnlyCookie() {
        Browserless b = visitor();
        HttpResponse<Buffer> asked = b.post(Paths.LOGIN, identity(ins, birth));
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(app.codes.count()).isEqualTo(1);

        HttpResponse<Buffer> verified = b.post(Paths.LOGIN_CODE, withCode(ins, birth, app.codes.lastCode()));
        assertThat(verified.statusCode()).isEqualTo(303);
        assertThat(verified.getHeader("Location")).isEqualTo(Paths.DASHBOARD);
        String cookie = verified.headers().getAll("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-dmp-session=")).findFirst().orElseThrow();
        assertThat(cookie.toLowerCase()).contains("path=/", "secure", "httponly", "samesite=strict")
                .doesNotContain("domain=");

        HttpResponse<Buffer> dashboard = b.get(Paths.DASHBOARD);
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(dashboard.getHeader("Vary")).contains("HX-Request");
        assertThat(dashboard.bodyAsString()).contains("Bonjour Camille");
        assertThat(app.codes.sent()).extracting(c -> c.purpose().name()).containsExactly("LOGIN");
    }

    @Test
    void anUnknownInsGetsExactlyTheSameAnswerAndNoCodeIsSent() {
        HttpResponse<Buffer> known = visitor().post(Paths.LOGIN, identity(ins, birth));
        HttpResponse<Buffer> unknown = visitor().post(Paths.LOGIN, identity(unknownIns, birth));
        HttpResponse<Buffer> wrongBirth = visitor().post(Paths.LOGIN, identity(ins, birth.plusDays(1)));

        assertThat(List.of(unknown.statusCode(), wrongBirth.statusCode())).containsOnly(known.statusCode());
        assertThat(normalise(unknown, unknownIns, birth.toString())).isEqualTo(normalise(known, ins, birth.toString()));
        assertThat(normalise(wrongBirth, ins, birth.plusDays(1).toString())).isEqualTo(normalise(known, ins, birth.toString()));
        assertThat(app.codes.count()).isEqualTo(1);
    }

    /** The page minus what legitimately differs: the typed values and the per-visitor CSRF token. */
    static String normalise(HttpResponse<Buffer> r, String ins, String birth) {
        return r.bodyAsString().replace(ins, "ins").replace(birth, "birth")
                .replaceAll("[A-Za-z0-9_-]{24}\\.[A-Za-z0-9_-]{43}", "TOKEN");
    }

    @Test
    void aWrongCodeIsRefusedAndOpensNothing() {
        Browserless b = visitor();
        b.post(Paths.LOGIN, identity(ins, birth));
        String wrong = app.codes.lastCode().equals("000000") ? "000001" : "000000";
        HttpResponse<Buffer> r = b.post(Paths.LOGIN_CODE, withCode(ins, birth, wrong));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsString()).contains("aria-invalid=\"true\"", "f-code-error");
        assertThat(b.cookies).doesNotContainKey("__Host-dmp-session");
        assertThat(b.get(Paths.DASHBOARD).statusCode()).isEqualTo(303);
    }

    @Test
    void anExpiredCodeIsRefused() {
        TestClock clock = new TestClock();
        app.restart(TestApp.config().withClock(clock));
        Browserless b = visitor();
        b.post(Paths.LOGIN, identity(ins, birth));
        clock.advance(TestApp.config().codeTtl());
        HttpResponse<Buffer> r = b.post(Paths.LOGIN_CODE, withCode(ins, birth, app.codes.lastCode()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsString()).contains("a expiré");
        assertThat(b.cookies).doesNotContainKey("__Host-dmp-session");
    }

    @Test
    void aCodeOpensASessionUntilTheLastMomentOfItsValidity() {
        TestClock clock = new TestClock();
        app.restart(TestApp.config().withClock(clock));
        Browserless b = visitor();
        b.post(Paths.LOGIN, identity(ins, birth));
        clock.advance(TestApp.config().codeTtl().minusMillis(1));
        HttpResponse<Buffer> r = b.post(Paths.LOGIN_CODE, withCode(ins, birth, app.codes.lastCode()));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(b.cookies).containsKey("__Host-dmp-session");
    }

    @Test
    void fiveWrongAttemptsBurnTheCodeEvenForTheRightOneAfterwards() {
        Browserless b = visitor();
        b.post(Paths.LOGIN, identity(ins, birth));
        String right = app.codes.lastCode();
        String wrong = right.equals("000000") ? "000001" : "000000";
        for (int i = 0; i < 5; i++) {
            assertThat(b.post(Paths.LOGIN_CODE, withCode(ins, birth, wrong)).statusCode()).isEqualTo(401);
        }
        HttpResponse<Buffer> r = b.post(Paths.LOGIN_CODE, withCode(ins, birth, right));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(b.cookies).doesNotContainKey("__Host-dmp-session");
    }

    @Test
    void atMostThreeCodesPerIdentityInFifteenMinutesAndAnotherBirthDateLocksNothingOfIt() throws InterruptedException {
        Browserless b = visitor();
        for (int i = 0; i < 3; i++) {
            assertThat(b.post(Paths.LOGIN, identity(ins, birth)).statusCode()).isEqualTo(200);
        }
        HttpResponse<Buffer> fourth = b.post(Paths.LOGIN, identity(ins, birth));
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.bodyAsString()).contains("trop de codes");
        // Counted per INS and birth date: another birth date is another identity (which gets no code: none exists).
        assertThat(b.post(Paths.LOGIN, identity(ins, birth.minusDays(3))).statusCode()).isEqualTo(200);
        assertThat(app.codes.count()).isEqualTo(3);
        long end = System.currentTimeMillis() + 15_000; // the notice is queued after the reply
        while (app.codes.lockNotices().isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertThat(app.codes.lockNotices()).hasSize(1);
    }

    @Test
    void oneAddressCannotTryMoreThanItsLimit() {
        app.restart(TestApp.config().withAttemptsPerAddress(4));
        Browserless b = visitor();
        for (int i = 0; i < 4; i++) {
            assertThat(b.post(Paths.LOGIN, identity(StoreFixture.newIns().value(), birth)).statusCode()).isEqualTo(200);
        }
        HttpResponse<Buffer> r = b.post(Paths.LOGIN, identity(ins, birth));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.bodyAsString()).contains("depuis cette connexion");
    }

    @Test
    void aForgedCsrfTokenIsRefusedWith403AndNothingHappens() {
        Browserless b = visitor();
        HttpResponse<Buffer> r = b.post(Paths.LOGIN, identity(ins, birth).add("_csrf", "forged.token"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsString()).contains("Action refusée par sécurité");
        HttpResponse<Buffer> noCookie = new Browserless(app).post(Paths.LOGIN, identity(ins, birth));
        assertThat(noCookie.statusCode()).isEqualTo(403);
        assertThat(app.codes.count()).isZero();
    }

    @Test
    void aTokenFromBeforeLoginDoesNotWorkInTheSession() {
        Browserless b = visitor();
        String anonymousToken = b.csrf;
        b.post(Paths.LOGIN, identity(ins, birth));
        b.post(Paths.LOGIN_CODE, withCode(ins, birth, app.codes.lastCode()));
        HttpResponse<Buffer> r = b.post(Paths.LOGOUT, MultiMap.caseInsensitiveMultiMap().add("_csrf", anonymousToken));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(b.get(Paths.DASHBOARD).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutEndsTheSessionAndClearsTheSiteData() {
        Browserless b = visitor();
        b.post(Paths.LOGIN, identity(ins, birth));
        b.post(Paths.LOGIN_CODE, withCode(ins, birth, app.codes.lastCode()));
        String session = b.cookies.get("__Host-dmp-session");
        b.get(Paths.DASHBOARD);
        HttpResponse<Buffer> out = b.post(Paths.LOGOUT, MultiMap.caseInsensitiveMultiMap());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.getHeader("Clear-Site-Data")).contains("\"cookies\"", "\"cache\"");
        b.cookies.put("__Host-dmp-session", session);
        assertThat(b.get(Paths.DASHBOARD).statusCode()).isEqualTo(303);
    }
}
