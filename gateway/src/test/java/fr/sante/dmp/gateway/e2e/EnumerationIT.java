package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * INS guessing on the login and on the public opposition page: rate limited per address, and the same answer (status,
 * body) and the same response time, within noise, for people who exist and people who do not. Each measured request
 * comes from its own address (X-Forwarded-For through the trusted proxy) so the limits stay out of the measure;
 * existing and unknown requests alternate so that they share the machine's noise.
 */
@ExtendWith(GuardsExtension.class)
class EnumerationIT {
    private static final int SAMPLES = 200;
    private static final int WARM_UP = 30;
    private static final String BIRTH = "1985-05-14";
    /**
     * Tolerance on the median paired difference when the rank test does tell the samples apart: 1 ms or a quarter of
     * the smaller median, whichever is larger (the machine is shared; a synchronous send or a skipped decryption is
     * well above it or consistently detected).
     */
    private static final double ABSOLUTE_NS = 1_000_000;
    private static final double RELATIVE = 0.25;
    private static final AtomicInteger ADDRESS = new AtomicInteger();

    @Test
    void loginAnswersExistingAndUnknownPeopleAlikeInStatusBodyAndTime(Dmp dmp) {
        List<String> existing = register(dmp, SAMPLES + WARM_UP, "ACTIVE");
        Set<String> answers = new HashSet<>();
        long[] known = new long[SAMPLES];
        long[] unknown = new long[SAMPLES];
        for (int i = 0; i < SAMPLES + WARM_UP; i++) {
            long a = timedLogin(dmp, existing.get(i), answers);
            long b = timedLogin(dmp, Identities.ins(), answers);
            if (i >= WARM_UP) {
                known[i - WARM_UP] = a;
                unknown[i - WARM_UP] = b;
            }
        }

        assertThat(answers).as("one status and body for everyone").hasSize(1);
        assertThat(answers.iterator().next()).startsWith("202 ");
        assertSameTime("login", known, unknown);
    }

    @Test
    void loginGuessingFromOneAddressIsRateLimitedAlikeForExistingAndUnknownPeople(Dmp dmp) {
        String address = nextAddress();
        String existing = register(dmp, 1, "ACTIVE").get(0);
        int accepted = 0;
        HttpResponse<Buffer> last = null;
        for (int i = 0; i < 70; i++) {
            String ins = i % 2 == 0 ? existing : Identities.ins();
            last = login(dmp, ins, address);
            if (last.statusCode() == 202) {
                accepted++;
            }
        }
        assertThat(accepted).as("60 attempts per address per 15 minutes (identity limit: 3 codes per INS)")
                .isLessThanOrEqualTo(60);
        assertThat(last.statusCode()).isEqualTo(429);
        HttpResponse<Buffer> unknownAfter = login(dmp, Identities.ins(), address);
        HttpResponse<Buffer> existingAfter = login(dmp, register(dmp, 1, "ACTIVE").get(0), address);
        assertThat(withoutIds(unknownAfter)).isEqualTo(withoutIds(existingAfter));
    }

    @Test
    void oppositionPageAnswersExistingAndUnknownPeopleAlikeInStatusBodyAndTime(Dmp dmp) {
        List<String> invited = register(dmp, SAMPLES + WARM_UP, "INVITED");
        Page page = new Page(dmp);
        page.get("/opposition");
        Set<String> answers = new HashSet<>();
        long[] known = new long[SAMPLES];
        long[] unknown = new long[SAMPLES];
        for (int i = 0; i < SAMPLES + WARM_UP; i++) {
            long a = page.timedCheck(invited.get(i), answers);
            long b = page.timedCheck(Identities.ins(), answers);
            if (i >= WARM_UP) {
                known[i - WARM_UP] = a;
                unknown[i - WARM_UP] = b;
            }
        }

        assertThat(answers).as("one status and page for everyone (CSRF token aside)").hasSize(1);
        assertThat(answers.iterator().next()).startsWith("401 ");
        assertSameTime("opposition", known, unknown);
    }

    private static void assertSameTime(String what, long[] known, long[] unknown) {
        Timing t = Timing.compare(known, unknown);
        System.out.println("enumeration " + what + ": existing vs unknown, " + SAMPLES + " each: " + t);
        double tolerance = Math.max(ABSOLUTE_NS, RELATIVE * Math.min(t.medianA(), t.medianB()));
        assertThat(t.withinNoise(tolerance)).as(what + ": " + t).isTrue();
    }

    private static long timedLogin(Dmp dmp, String ins, Set<String> answers) {
        long start = System.nanoTime();
        HttpResponse<Buffer> r = login(dmp, ins, nextAddress());
        long elapsed = System.nanoTime() - start;
        answers.add(r.statusCode() + " " + withoutIds(r));
        return elapsed;
    }

    private static HttpResponse<Buffer> login(Dmp dmp, String ins, String address) {
        return await(dmp.request(HttpMethod.POST, "/api/v1/me/login", null)
                .putHeader("X-Forwarded-For", address)
                .sendJsonObject(new JsonObject().put("ins", ins).put("birthDate", BIRTH)));
    }

    /** People with an e-mail only: their codes go by mail, the SMS budget of the guards platform is left alone. */
    private static List<String> register(Dmp dmp, int n, String state) {
        List<String> out = new ArrayList<>();
        String admin = dmp.admin();
        for (int i = 0; i < n; i++) {
            String ins = Identities.ins();
            JsonObject person = Dmp.person(state).put("email", "enum." + ins + "@example.org");
            person.remove("phone");
            HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + ins, admin, person);
            assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
            out.add(ins);
        }
        return out;
    }

    private static String nextAddress() {
        int n = ADDRESS.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    private static String withoutIds(HttpResponse<Buffer> r) {
        return r.bodyAsString().replaceAll("\"requestId\":\"[^\"]*\"", "");
    }

    /** The opposition form as a browser posts it: cookies kept, the CSRF token of the last page sent back. */
    private static final class Page {
        private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]*)\"");
        private final Dmp dmp;
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private String csrf = "";

        Page(Dmp dmp) {
            this.dmp = dmp;
        }

        HttpResponse<Buffer> get(String path) {
            return remember(await(withCookies(dmp.client.get(path)).send()));
        }

        long timedCheck(String ins, Set<String> answers) {
            MultiMap form = MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", BIRTH)
                    .add("invitationCode", "WRONG-CODE-1").add("_csrf", csrf);
            var request = withCookies(dmp.client.post("/opposition/verification"))
                    .putHeader("X-Forwarded-For", nextAddress());
            long start = System.nanoTime();
            HttpResponse<Buffer> r = await(request.sendForm(form));
            long elapsed = System.nanoTime() - start;
            remember(r);
            answers.add(r.statusCode() + " " + r.bodyAsString()
                    .replaceAll("name=\"csrf-token\" content=\"[^\"]*\"", "")
                    .replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "")
                    .replace(ins, "INS"));
            return elapsed;
        }

        private io.vertx.ext.web.client.HttpRequest<Buffer> withCookies(io.vertx.ext.web.client.HttpRequest<Buffer> r) {
            if (!cookies.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                r.putHeader("Cookie", sb.toString());
            }
            return r;
        }

        private HttpResponse<Buffer> remember(HttpResponse<Buffer> r) {
            for (String setCookie : r.headers().getAll("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            Matcher m = CSRF.matcher(r.bodyAsString() == null ? "" : r.bodyAsString());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }
    }
}
