package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static fr.sante.dmp.gateway.e2e.Dmp.problem;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.cli.CampaignCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invitation campaigns through the admin API and the CLI, on the real platform: the cohort is streamed into the store,
 * a bad line is reported by its number and stops nothing, the invitation SMS reaches the dev inbox with the opposition
 * link, a second import invites nobody twice, and only an admin token may do any of it.
 */
@ExtendWith(PlatformExtension.class)
class CampaignApiIT {
    private static final String HEADER = "ins,birthDate,givenName,familyName,phone,email,language\n";
    /** Identities.ins() are women born in May 1985. */
    private static final String BIRTH_DATE = "1985-05-14";
    private static final String CAMPAIGNS = "/api/v1/admin/campaigns";

    @Test
    void cohortIsImportedBadLineReportedAndInvitationSmsCarriesTheOppositionLink(Dmp dmp) {
        String phone = phone();
        String csv = HEADER
                + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone + ",,fr\n"
                + Identities.ins() + "," + BIRTH_DATE + ",Bob,Durand," + phone() + ",bob@example.org,en\n"
                + Identities.insWithWrongKey() + "," + BIRTH_DATE + ",Carla,Petit," + phone() + ",,fr\n";

        HttpResponse<Buffer> created = post(dmp, dmp.admin(), csv);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject summary = created.bodyAsJsonObject();
        String id = summary.getString("campaignId");
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(summary.getLong("imported")).isEqualTo(2);
        assertThat(summary.getLong("rejected")).isEqualTo(1);
        assertThat(summary.getLong("skipped")).isZero();
        assertThat(created.getHeader("Location")).isEqualTo(CAMPAIGNS + "/" + id);

        HttpResponse<Buffer> progress = dmp.get(created.getHeader("Location"), dmp.admin());
        assertThat(progress.statusCode()).as(progress.bodyAsString()).isEqualTo(200);
        JsonObject p = progress.bodyAsJsonObject();
        assertThat(p.getString("campaignId")).isEqualTo(id);
        assertThat(p.getLong("imported")).isEqualTo(2);
        assertThat(p.getLong("rejected")).isEqualTo(1);
        // Alice: one SMS; Bob: SMS and e-mail (an invitation goes to every address given).
        assertThat(p.getLong("queued") + p.getLong("sent") + p.getLong("delivered") + p.getLong("failed"))
                .isEqualTo(3);
        assertThat(p.fieldNames()).contains("opposed", "activated", "skipped", "status");

        HttpResponse<Buffer> report = dmp.get(CAMPAIGNS + "/" + id + "/rejections", dmp.admin());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.getHeader("Content-Type")).startsWith("text/csv");
        List<String> lines = report.bodyAsString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("line,field,reason");
        // The header is line 1: Carla's line is 4. The reason names the rule, never the value.
        assertThat(lines.subList(1, lines.size())).anySatisfy(l -> assertThat(l).startsWith("4,ins,"));
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).startsWith("4,"));
        assertThat(report.bodyAsString()).doesNotContain("Carla").doesNotContain("Petit");

        String sms = awaitSms(dmp, phone);
        assertThat(sms).contains("https://espace-sante.test/opposition").contains(dmp.platform.oppositionUrl());

        // The same file again: everyone already has a record, nobody is invited twice.
        JsonObject again = post(dmp, dmp.admin(), csv).bodyAsJsonObject();
        assertThat(again.getLong("imported")).isZero();
        assertThat(again.getLong("skipped")).isEqualTo(2);
        assertThat(again.getLong("rejected")).isEqualTo(1);
    }

    @Test
    void onlyAnAdminTokenMayImportOrRead(Dmp dmp) {
        String physician = dmp.physician(Identities.rpps());
        String csv = HEADER + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone() + ",,fr\n";
        problem(post(dmp, physician, csv), 403, "insufficient-scope");
        problem(dmp.get(CAMPAIGNS + "/" + UUID.randomUUID(), physician), 403, "insufficient-scope");
        problem(dmp.get(CAMPAIGNS + "/" + UUID.randomUUID() + "/rejections", physician), 403, "insufficient-scope");
        problem(post(dmp, null, csv), 401, "unauthenticated");
    }

    @Test
    void clientMistakesAreProblemsNeverServerErrors(Dmp dmp) {
        problem(dmp.get(CAMPAIGNS + "/" + UUID.randomUUID(), dmp.admin()), 404, "not-found");
        problem(dmp.get(CAMPAIGNS + "/" + UUID.randomUUID() + "/rejections", dmp.admin()), 404, "not-found");
        problem(dmp.get(CAMPAIGNS + "/not-a-uuid", dmp.admin()), 400, "invalid-field");
        problem(post(dmp, dmp.admin(), "ins;birthDate\n1;2\n"), 400, "invalid-field");
        problem(dmp.sendRaw(HttpMethod.POST, CAMPAIGNS, dmp.admin(), "application/json", Buffer.buffer("{}")),
                400, "unsupported-content-type");
    }

    @Test
    void cliImportPrintsTheCampaignIdLastAndStatusPrintsTheCounts(Dmp dmp, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("cohort.csv");
        Files.writeString(file, HEADER + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone() + ",,fr\n"
                + "not,a,valid,line,at,all,fr\n");
        List<String> imported = cli(dmp, List.of("import", file.toString(), "--operator", "it"));
        String id = imported.get(imported.size() - 1);
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(imported).contains("imported: 1", "rejected: 1", "skipped: 0");

        List<String> status = cli(dmp, List.of("status", id));
        assertThat(status).contains("campaign: " + id, "imported: 1", "rejected: 1");
        // The CLI's campaign is the API's.
        assertThat(dmp.get(CAMPAIGNS + "/" + id, dmp.admin()).bodyAsJsonObject().getLong("imported")).isEqualTo(1);
    }

    @Test
    void schedulerRunAsOfAnInstantPastTheDeadlineActivatesTheCampaignsRecordsFromTheCommandLine(Dmp dmp,
            @TempDir Path dir) throws Exception {
        String phone = phone();
        Path file = dir.resolve("cohort.csv");
        Files.writeString(file, HEADER + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone + ",,fr\n");
        List<String> imported = cli(dmp, List.of("import", file.toString()));
        String id = imported.get(imported.size() - 1);
        awaitSms(dmp, phone);

        // Now: the window is open, nothing is activated.
        List<String> now = scheduler(dmp, List.of("run"));
        assertThat(now).anySatisfy(l -> assertThat(l).startsWith("activated: "));
        assertThat(cli(dmp, List.of("status", id))).contains("activated: 0");

        // As of 43 days later (the policy's 42-day window has passed): activated.
        String later = java.time.Instant.now().plus(java.time.Duration.ofDays(43)).toString();
        List<String> run = scheduler(dmp, List.of("run", "--at", later));
        assertThat(run).contains("as of: " + later);
        assertThat(cli(dmp, List.of("status", id))).contains("activated: 1");
    }

    @Test
    void theSampleCohortImportsWithItsFictionNumbersAndACommandFromAnotherEnvironmentLinksToTheRunningPlatform(
            Dmp dmp) throws Exception {
        // The running platform wrote the address it serves; the command below is configured with nothing but the
        // data directory (no DMP_PUBLIC_URL, no DMP_HTTP_PORT), as `./dmp campaign import` from another shell.
        assertThat(Files.readString(dmp.platform.config().dataDir().resolve("public.url")))
                .isEqualTo(dmp.platform.config().publicUrl());
        fr.sante.dmp.gateway.config.GatewayConfig bare = fr.sante.dmp.gateway.config.GatewayConfig.load(java.util.Map.of(
                fr.sante.dmp.gateway.config.GatewayConfig.DATA_DIR, dmp.platform.config().dataDir().toString()));
        assertThat(bare.publicUrl()).isEqualTo("http://localhost:8080");

        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(CampaignCommand.run(bare, List.of("import", Path.of("../docs/samples/cohort.csv").toString())))
                    .isZero();
        } finally {
            System.setOut(out);
        }
        List<String> printed = captured.toString(StandardCharsets.UTF_8).lines().toList();
        // Seven people (fiction numbers +33 6 39 98 … accepted in embedded mode; one by letter only; a child naming
        // his mother in the representatives column), one line refused on purpose.
        assertThat(printed).contains("rejected: 1");
        assertThat(printed).anySatisfy(l -> assertThat(l).matches("imported: [0-7]"));
        String sms = awaitSms(dmp, "+33639980011");
        assertThat(sms).contains(dmp.platform.oppositionUrl()).doesNotContain("localhost:8080");
    }

    @Test
    void cliReinviteNeedsTheFailedFlagAndReInvitesNobodyWhenEveryInvitationWent(Dmp dmp, @TempDir Path dir)
            throws Exception {
        String phone = phone();
        Path file = dir.resolve("cohort.csv");
        Files.writeString(file, HEADER + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone + ",,fr\n");
        List<String> imported = cli(dmp, List.of("import", file.toString()));
        String id = imported.get(imported.size() - 1);
        awaitSms(dmp, phone);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CampaignCommand.run(dmp.platform.config(),
                List.of("reinvite", id))).isInstanceOf(fr.sante.dmp.gateway.cli.UsageException.class);
        assertThat(cli(dmp, List.of("reinvite", id, "--failed"))).contains("re-invited: 0");
    }

    @Test
    void cliReturnedRecordsTheMailHousesReturnsAndTheInvitationIsReInvited(Dmp dmp, @TempDir Path dir)
            throws Exception {
        Path cohort = dir.resolve("cohort.csv");
        Files.writeString(cohort, HEADER.strip() + ",postalAddress\n" + Identities.ins() + "," + BIRTH_DATE
                + ",Denis,Roux,,,fr,12 rue des Lilas|75011 PARIS\n");
        List<String> imported = cli(dmp, List.of("import", cohort.toString()));
        String id = imported.get(imported.size() - 1);
        // The letter's batch is written for the mail house: its manifest lists the letter's reference.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (dmp.get(CAMPAIGNS + "/" + id, dmp.admin()).bodyAsJsonObject().getLong("sent") == 0) {
            assertThat(System.nanoTime()).as("the letter's batch is written").isLessThan(deadline);
            Thread.sleep(500);
        }
        Path manifest;
        try (var files = Files.list(dmp.platform.config().letterDir())) {
            manifest = files.filter(p -> p.toString().endsWith(".manifest.json"))
                    .max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
        }
        JsonArray references = new JsonObject(Files.readString(manifest))
                .getJsonArray("references");
        String reference = references.getString(references.size() - 1);
        scheduler(dmp, List.of("run"));

        Path returns = dir.resolve("retours.csv");
        Files.writeString(returns, "reference,reason\n" + reference + ",NPAI\nnot-a-reference,npai\n");
        List<String> report = cli(dmp, List.of("returned", returns.toString()));
        assertThat(report).contains("letters returned: 1", "invitations that reached nobody (window withdrawn): 1",
                "refused line 3, reference: must be a letter's reference (a UUID)",
                "next: dmp campaign reinvite " + id + " --failed");
        assertThat(cli(dmp, List.of("reinvite", id, "--failed"))).contains("re-invited: 1");
        assertThat(cli(dmp, List.of("returned", returns.toString()))).contains("letters returned: 0");
    }

    private static List<String> scheduler(Dmp dmp, List<String> argv) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(fr.sante.dmp.gateway.cli.SchedulerCommand.run(dmp.platform.config(), argv)).isZero();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static HttpResponse<Buffer> post(Dmp dmp, String token, String csv) {
        return dmp.sendRaw(HttpMethod.POST, CAMPAIGNS, token, "text/csv; charset=utf-8",
                Buffer.buffer(csv.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs the command against the test platform's own database and keys; returns what it printed. */
    private static List<String> cli(Dmp dmp, List<String> argv) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(CampaignCommand.run(dmp.platform.config(), argv)).isZero();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String awaitSms(Dmp dmp, String phone) {
        int port = dmp.platform.inboxPort().orElseThrow();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<Buffer> r = await(dmp.client.get(port, "127.0.0.1", "/api/messages")
                    .addQueryParam("to", phone).send());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonArray messages = r.bodyAsJsonArray();
            for (int i = 0; i < messages.size(); i++) {
                JsonObject m = messages.getJsonObject(i);
                if ("sms".equals(m.getString("channel"))) {
                    return m.getString("body");
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no invitation SMS reached the dev inbox within 20 s");
    }

    /** A French mobile number that libphonenumber accepts: 061x is allocated (0639x, 069x are not all mobiles). */
    private static String phone() {
        return "+3361" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }
}
