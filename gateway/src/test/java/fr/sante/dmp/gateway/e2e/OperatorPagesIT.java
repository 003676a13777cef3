package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.pwa.security.SecurityHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operators' campaign pages on the real platform: nothing without a dmp:admin token, the sign-in refuses other
 * sites, and the counts on the page are those of {@code GET /api/v1/admin/campaigns/{id}}.
 */
@ExtendWith(PlatformExtension.class)
class OperatorPagesIT {
    private static final String HEADER = "ins,birthDate,givenName,familyName,phone,email,language\n";
    private static final String BIRTH_DATE = "1985-05-14";
    private static final List<String> COUNTS = List.of("imported", "rejected", "skipped", "queued", "sent",
            "delivered", "failed", "opposed", "activated");

    @Test
    void campaignPageShowsTheCountsOfTheApiToAnAdminOnly(Dmp dmp) throws Exception {
        String csv = HEADER
                + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone() + ",,fr\n"
                + Identities.ins() + "," + BIRTH_DATE + ",Bob,Durand," + phone() + ",bob@example.org,en\n"
                + Identities.insWithWrongKey() + "," + BIRTH_DATE + ",Carla,Petit," + phone() + ",,fr\n";
        HttpResponse<Buffer> created = dmp.sendRaw(HttpMethod.POST, "/api/v1/admin/campaigns", dmp.admin(),
                "text/csv", Buffer.buffer(csv.getBytes(StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String id = created.bodyAsJsonObject().getString("campaignId");
        String page = "/operateur/campagnes/" + id;

        // Nobody signed in: to the sign-in page, never a count.
        HttpResponse<Buffer> anonymous = get(dmp, page, null);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.getHeader("Location")).isEqualTo("/operateur/connexion");
        HttpResponse<Buffer> loginPage = get(dmp, "/operateur/connexion", null);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        assertThat(loginPage.bodyAsString()).contains("<html lang=\"fr\"").contains("Connexion opérateur")
                .doesNotContain("<script").doesNotContain("style=");

        // Sign-in: a professional's token is not enough, a forged token is refused, another site cannot post.
        assertThat(login(dmp, dmp.physician(Identities.rpps()), origin(dmp)).statusCode()).isEqualTo(403);
        assertThat(login(dmp, "not-a-token", origin(dmp)).statusCode()).isEqualTo(401);
        assertThat(login(dmp, dmp.admin(), "https://attacker.example").statusCode()).isEqualTo(403);
        // With our no-referrer policy a browser sends "Origin: null": accepted only with Sec-Fetch-Site same-origin.
        assertThat(await(post(dmp, "/operateur/connexion", null, "null").putHeader("Sec-Fetch-Site", "cross-site")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", dmp.admin()))).statusCode()).isEqualTo(403);
        assertThat(await(post(dmp, "/operateur/connexion", null, "null")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", dmp.admin()))).statusCode()).isEqualTo(403);
        assertThat(await(post(dmp, "/operateur/connexion", null, "null").putHeader("Sec-Fetch-Site", "same-origin")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", dmp.admin()))).statusCode()).isEqualTo(303);
        HttpResponse<Buffer> signedIn = login(dmp, dmp.admin(), origin(dmp));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.getHeader("Location")).isEqualTo("/operateur/campagnes");
        String setCookie = signedIn.cookies().stream().filter(c -> c.contains("dmp-operator=")).findFirst()
                .orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Max-Age=");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<Buffer> list = get(dmp, "/operateur/campagnes", cookie);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(list.bodyAsString()).contains("data-campaign=\"" + id + "\"").contains("href=\"" + page + "\"");

        // The counts: once the messages have settled, the page and the API say the same, before and after.
        JsonObject api = settled(dmp, id);
        HttpResponse<Buffer> detail = get(dmp, page, cookie);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        String html = detail.bodyAsString();
        assertThat(html).doesNotContain("<script").doesNotContain("Alice").doesNotContain("Martin");
        for (String name : COUNTS) {
            assertThat(count(html, name)).as(name).isEqualTo(api.getLong(name));
        }
        assertThat(progress(dmp, id)).isEqualTo(api);
        assertThat(count(html, "imported")).isEqualTo(2);
        assertThat(count(html, "rejected")).isEqualTo(1);
        assertThat(html).contains("href=\"" + page + "/rejets.csv\"");

        HttpResponse<Buffer> report = get(dmp, page + "/rejets.csv", cookie);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(report.getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(report.bodyAsString().lines()).first().isEqualTo("line,field,reason");
        assertThat(report.bodyAsString()).contains("\n4,ins,").doesNotContain("Carla");

        // English on request; an unknown campaign is a 404 page; signing out ends access.
        assertThat(get(dmp, page + "?lang=en", cookie).bodyAsString()).contains("<html lang=\"en\"")
                .contains("Refused lines");
        assertThat(get(dmp, "/operateur/campagnes/" + java.util.UUID.randomUUID(), cookie).statusCode())
                .isEqualTo(404);
        assertThat(get(dmp, "/operateur/campagnes/not-a-uuid", cookie).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> out = await(post(dmp, "/operateur/deconnexion", cookie, origin(dmp))
                .send());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.cookies()).anySatisfy(c -> assertThat(c).contains("dmp-operator=;").contains("Max-Age=0"));
    }

    @Test
    void anOperatorUploadsACohortFromTheFormAndSeesTheRefusedLinesAndTheDailyChart(Dmp dmp) throws Exception {
        String cookie = signIn(dmp);
        HttpResponse<Buffer> form = get(dmp, "/operateur/campagnes/nouvelle", cookie);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        assertThat(form.bodyAsString()).contains("enctype=\"multipart/form-data\"")
                .contains("<script src=\"/operateur/televersement.js\" defer></script>").doesNotContain("style=");
        HttpResponse<Buffer> script = get(dmp, "/operateur/televersement.js", null);
        assertThat(script.getHeader("Content-Type")).startsWith("text/javascript");
        assertThat(script.bodyAsString()).contains("upload.addEventListener('progress'");

        String csv = "ins,birthDate,givenName,familyName,phone,email,language,postalAddress\n"
                + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone() + ",,fr,\n"
                + Identities.insWithWrongKey() + "," + BIRTH_DATE + ",Carla,Petit," + phone() + ",,fr,\n"
                + Identities.ins() + "," + BIRTH_DATE + ",Denis,Roux,,,fr,12 rue des Lilas|75011 PARIS\n";
        // Another site cannot post a cohort; a file without the header is refused with the reason.
        assertThat(upload(dmp, cookie, "https://attacker.example", csv).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> wrong = upload(dmp, cookie, origin(dmp), "not,a,cohort\n");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.bodyAsString()).contains("id=\"upload-error\"").contains("ins,birthDate")
                .contains("La première ligne doit être l'en-tête");

        HttpResponse<Buffer> uploaded = upload(dmp, cookie, origin(dmp), csv);
        assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(303);
        String page = uploaded.getHeader("Location");
        assertThat(page).matches("/operateur/campagnes/[0-9a-f-]{36}");
        String id = page.substring(page.lastIndexOf('/') + 1);
        settled(dmp, id);
        CampaignApiScheduler.runOnce(dmp);

        String html = get(dmp, page, cookie).bodyAsString();
        assertThat(count(html, "imported")).isEqualTo(2);
        assertThat(html).contains("<table id=\"refused\">").contains("<td>3</td><td><code>ins</code></td>")
                .doesNotContain("Carla");
        // Each line's reason in the page's language (recorded, and in the CSV report, in English).
        assertThat(html).contains("<td>3</td><td><code>ins</code></td><td>la clé (deux derniers chiffres) ne "
                + "correspond pas au numéro</td>").doesNotContain("does not match the number");
        assertThat(get(dmp, page + "?lang=en", cookie).bodyAsString())
                .contains("<td>3</td><td><code>ins</code></td><td>the key (last two digits) does not match the "
                        + "number</td>");
        get(dmp, page + "?lang=fr", cookie);
        // The chart: server-rendered SVG, no script, the day's figures also as a table (Alice's SMS and Denis's
        // letter were sent today).
        assertThat(html).contains("<svg id=\"chart\"").contains("role=\"img\"").contains("data-series=\"sent\"")
                .contains("data-series=\"activated\"").doesNotContain("<script").doesNotContain("style=");
        Matcher today = Pattern.compile("<table id=\"daily\">.*<tr><th scope=\"row\">[^<]+</th><td>(\\d+)</td>",
                Pattern.DOTALL).matcher(html);
        assertThat(today.find()).isTrue();
        assertThat(Long.parseLong(today.group(1))).isEqualTo(2);
    }

    @Test
    void anOperatorFlagsAnEmergencyAccessForTheOfficerThenAcceptsIt(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String grant = dmp.breakGlass(dmp.physician(Identities.rpps()), p.ins(),
                "unconscious patient brought in by SAMU, checking allergies").bodyAsJsonObject()
                .getJsonObject("breakGlass").getString("id");
        String cookie = signIn(dmp);

        String queue = get(dmp, "/operateur/bris-de-glace", cookie).bodyAsString();
        assertThat(queue).contains("data-grant=\"" + grant + "\"").contains("checking allergies")
                .contains("action=\"/operateur/bris-de-glace/" + grant + "/signaler\"").doesNotContain("<script");
        // Another site cannot decide; an unknown access is a 404.
        assertThat(await(post(dmp, "/operateur/bris-de-glace/" + grant + "/accepter", cookie,
                "https://attacker.example").send()).statusCode()).isEqualTo(403);
        assertThat(await(post(dmp, "/operateur/bris-de-glace/" + java.util.UUID.randomUUID() + "/accepter", cookie,
                origin(dmp)).send()).statusCode()).isEqualTo(404);

        HttpResponse<Buffer> flagged = await(post(dmp, "/operateur/bris-de-glace/" + grant + "/signaler", cookie,
                origin(dmp)).send());
        assertThat(flagged.statusCode()).isEqualTo(303);
        String afterFlag = get(dmp, "/operateur/bris-de-glace", cookie).bodyAsString();
        assertThat(afterFlag).containsPattern("data-grant=\"" + grant + "\"(?s).*data-state=\"flagged\"");
        // Still pending for the data protection officer on the admin API.
        assertThat(dmp.get("/api/v1/admin/break-glass-reviews", dmp.admin()).bodyAsString()).contains(grant);

        assertThat(await(post(dmp, "/operateur/bris-de-glace/" + grant + "/accepter", cookie, origin(dmp)).send())
                .statusCode()).isEqualTo(303);
        assertThat(get(dmp, "/operateur/bris-de-glace", cookie).bodyAsString()).doesNotContain(grant);
        assertThat(get(dmp, "/operateur/bris-de-glace?tous", cookie).bodyAsString())
                .containsPattern("data-grant=\"" + grant + "\"(?s).*data-state=\"reviewed\"");
    }

    @Test
    void aPhoneAgentOpposesForACallerOnceTheTraitsMatchAndEveryRefusalSaysWhyWithNothingWritten(Dmp dmp)
            throws Exception {
        TestPatient p = TestPatient.registered(dmp, "INVITED", BIRTH_DATE, "Élodie", "Le Goff");
        String cookie = signIn(dmp);
        HttpResponse<Buffer> form = get(dmp, "/operateur/opposition", cookie);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        assertThat(form.getHeader("Cache-Control")).isEqualTo("no-store");
        String token = formToken(form.bodyAsString());

        // Forged posts: without this sign-in's form token, or from another site, nothing is checked.
        MultiMap traits = traits(p.ins(), "LE GOFF", "elodie", "14/05/1985");
        assertThat(await(post(dmp, "/operateur/opposition/verification", cookie, origin(dmp))
                .sendForm(traits)).statusCode()).isEqualTo(403);
        assertThat(await(post(dmp, "/operateur/opposition/verification", cookie, origin(dmp))
                .sendForm(with(traits, "form", "forged"))).statusCode()).isEqualTo(403);
        assertThat(await(post(dmp, "/operateur/opposition/verification", cookie, "https://attacker.example")
                .sendForm(with(traits, "form", token))).statusCode()).isEqualTo(403);

        // Bad input: every field named, in French, then in English.
        HttpResponse<Buffer> empty = await(post(dmp, "/operateur/opposition/verification", cookie, origin(dmp))
                .sendForm(with(traits("123", "", "x", "31/02/1985"), "form", token)));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.bodyAsString()).contains("id=\"assist-errors\"")
                .contains("Ce n'est ni un INS").contains("Saisissez le nom de famille")
                .contains("Cette date n'est pas valide").contains("aria-invalid=\"true\"");
        HttpResponse<Buffer> english = await(post(dmp, "/operateur/opposition/verification?lang=en", cookie,
                origin(dmp)).sendForm(with(traits("", "Le Goff", "Élodie", ""), "form", token)));
        assertThat(english.statusCode()).isEqualTo(400);
        assertThat(english.bodyAsString()).contains("Type the INS or the invitation code")
                .contains("Type the birth date");
        get(dmp, "/operateur/opposition?lang=fr", cookie);

        // Wrong traits: refused without saying which; the record stays as it was.
        HttpResponse<Buffer> wrong = await(post(dmp, "/operateur/opposition/verification", cookie, origin(dmp))
                .sendForm(with(traits(p.ins(), "Le Goff", "Elodie", "15/05/1985"), "form", token)));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.bodyAsString()).contains("data-outcome=\"NOT_CONFIRMED\"")
                .contains("Identité non confirmée");
        assertThat(state(dmp, p)).isEqualTo("INVITED");

        // The right traits as spoken: the confirmation, which must be ticked.
        HttpResponse<Buffer> confirmed = await(post(dmp, "/operateur/opposition/verification", cookie, origin(dmp))
                .sendForm(with(traits, "form", token)));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.bodyAsString()).contains("id=\"assist-confirm-form\"")
                .contains("Une copie du récépissé partira par SMS");
        HttpResponse<Buffer> unticked = await(post(dmp, "/operateur/opposition/confirmation", cookie, origin(dmp))
                .sendForm(with(traits, "form", token)));
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(state(dmp, p)).isEqualTo("INVITED");

        int before = p.messages(dmp).size();
        HttpResponse<Buffer> opposed = await(post(dmp, "/operateur/opposition/confirmation", cookie, origin(dmp))
                .sendForm(with(with(traits, "form", token), "confirm", "oui")));
        assertThat(opposed.statusCode()).isEqualTo(200);
        Matcher code = Pattern.compile("id=\"assist-code\"[^>]*>\\s*((?:<span>[A-Z2-9]{4}</span>\\s*){4})")
                .matcher(opposed.bodyAsString());
        assertThat(code.find()).as(opposed.bodyAsString()).isTrue();
        String receipt = code.group(1).replaceAll("<[^>]+>|\\s", "");
        assertThat(state(dmp, p)).isEqualTo("OPPOSED");
        // The copy of the receipt reaches the person's phone.
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (p.messages(dmp).size() == before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(p.messages(dmp).getJsonObject(before).getString("body"))
                .contains(receipt.substring(0, 4) + "-" + receipt.substring(4, 8));

        // The same form again: told it is already registered, nothing more written.
        HttpResponse<Buffer> again = await(post(dmp, "/operateur/opposition/confirmation", cookie, origin(dmp))
                .sendForm(with(with(traits, "form", token), "confirm", "oui")));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsString()).contains("data-outcome=\"ALREADY_OPPOSED\"");
    }

    private static MultiMap traits(String identifier, String family, String given, String birth) {
        return MultiMap.caseInsensitiveMultiMap().add("identifier", identifier).add("familyName", family)
                .add("givenName", given).add("birthDate", birth);
    }

    private static MultiMap with(MultiMap form, String name, String value) {
        return MultiMap.caseInsensitiveMultiMap().addAll(form).add(name, value);
    }

    private static String formToken(String html) {
        Matcher m = Pattern.compile("name=\"form\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The record's state: registering the person again changes nothing and answers it. */
    private static String state(Dmp dmp, TestPatient p) {
        HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + p.ins(), dmp.admin(),
                Dmp.person("INVITED"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("state");
    }

    /** The scheduler's pass now, as {@code ./dmp scheduler run} does (the platform's own runs every minute). */
    private static final class CampaignApiScheduler {
        static void runOnce(Dmp dmp) throws Exception {
            java.io.PrintStream out = System.out;
            System.setOut(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            try {
                assertThat(fr.sante.dmp.gateway.cli.SchedulerCommand.run(dmp.platform.config(), List.of("run")))
                        .isZero();
            } finally {
                System.setOut(out);
            }
        }
    }

    private static String signIn(Dmp dmp) {
        HttpResponse<Buffer> signedIn = login(dmp, dmp.admin(), origin(dmp));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.cookies().stream().filter(c -> c.contains("dmp-operator=")).findFirst()
                .orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<Buffer> upload(Dmp dmp, String cookie, String origin, String csv) {
        return await(post(dmp, "/operateur/campagnes", cookie, origin).sendMultipartForm(
                io.vertx.ext.web.multipart.MultipartForm.create().binaryFileUpload("cohort", "cohorte.csv",
                        Buffer.buffer(csv.getBytes(StandardCharsets.UTF_8)), "text/csv")));
    }

    private static JsonObject settled(Dmp dmp, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonObject previous = null;
        while (System.nanoTime() < deadline) {
            JsonObject now = progress(dmp, id);
            if (now.getLong("queued") == 0 && now.equals(previous)) {
                return now;
            }
            previous = now;
            Thread.sleep(1_500);
        }
        throw new AssertionError("the campaign's messages did not settle within 30 s: " + previous);
    }

    private static JsonObject progress(Dmp dmp, String id) {
        HttpResponse<Buffer> r = dmp.get("/api/v1/admin/campaigns/" + id, dmp.admin());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private static long count(String html, String name) {
        Matcher m = Pattern.compile("data-count=\"" + name + "\">([^<]*)<").matcher(html);
        assertThat(m.find()).as("count " + name + " on the page").isTrue();
        return Long.parseLong(m.group(1).replaceAll("[^0-9]", ""));
    }

    private static HttpResponse<Buffer> get(Dmp dmp, String path, String cookie) {
        HttpRequest<Buffer> r = dmp.client.get(path).followRedirects(false);
        if (cookie != null) {
            r.putHeader("Cookie", cookie);
        }
        return await(r.send());
    }

    private static HttpRequest<Buffer> post(Dmp dmp, String path, String cookie, String origin) {
        HttpRequest<Buffer> r = dmp.client.post(path).followRedirects(false).putHeader("Origin", origin);
        if (cookie != null) {
            r.putHeader("Cookie", cookie);
        }
        return r;
    }

    private static HttpResponse<Buffer> login(Dmp dmp, String token, String origin) {
        return await(post(dmp, "/operateur/connexion", null, origin)
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token)));
    }

    private static String origin(Dmp dmp) {
        return "http://127.0.0.1:" + dmp.platform.httpPort();
    }

    private static String phone() {
        return "+3361" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }
}
