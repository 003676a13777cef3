package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health, metrics, the served contract, and the per-client rate limit. */
@ExtendWith(PlatformExtension.class)
class OperationsIT {
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    @Test
    void liveAndReadyAnswerWhenPostgresAndRedisDo() {
        assertThat(dmp.get("/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> ready = dmp.get("/health/ready", null);
        assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getString("postgres")).isEqualTo("UP");
        assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getString("redis")).isEqualTo("UP");
    }

    @Test
    void metricsAreExposedForPrometheusWithoutPatientIdentifiers() {
        String ins = dmp.activePatient();
        dmp.list(dmp.inCare(dmp.physician(Identities.rpps()), ins), ins);
        HttpResponse<Buffer> r = dmp.get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("vertx_http_server_requests_total").doesNotContain(ins);
    }

    @Test
    void everyRequestIsCountedByMethodAndStatusAndInventedMethodsShareOneSeries() {
        double before = sample("vertx_http_server_requests_total{code=\"200\",method=\"GET\"}");
        for (int i = 0; i < 25; i++) {
            assertThat(dmp.get("/health/live", null).statusCode()).isEqualTo(200);
        }
        assertThat(dmp.get("/no-such-page", null).statusCode()).isEqualTo(404);
        Dmp.await(dmp.request(HttpMethod.valueOf("BREW"), "/health/live", null).send());
        // The scrape's own request ends after its body is written: it is not in the figures it reads.
        assertThat(sample("vertx_http_server_requests_total{code=\"200\",method=\"GET\"}") - before)
                .isGreaterThanOrEqualTo(25);
        assertThat(sample("vertx_http_server_requests_total{code=\"404\",method=\"GET\"}")).isGreaterThanOrEqualTo(1);
        String scrape = dmp.get("/metrics", null).bodyAsString();
        assertThat(scrape).contains("method=\"OTHER\"").doesNotContain("BREW")
                .contains("vertx_http_server_response_time_seconds_count{code=\"200\",method=\"GET\"}")
                .contains("vertx_http_server_active_requests");
    }

    private static double sample(String series) {
        for (String line : dmp.get("/metrics", null).bodyAsString().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void businessMetricsFollowWhatHappensUnderPrometheusNamesWithoutIdentifiers() throws Exception {
        String ins = dmp.activePatient();
        String treating = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        assertThat(dmp.list(treating, ins).statusCode()).isEqualTo(200);
        assertThat(dmp.list(dmp.physician(Identities.rpps()), ins).statusCode()).isEqualTo(403);
        assertThat(dmp.breakGlass(dmp.physician(Identities.rpps()), ins,
                "patient unconscious in the emergency room").statusCode()).isLessThan(300);
        // A one-time code by SMS: the outbox then has a message to count by channel, kind and status.
        assertThat(dmp.send(HttpMethod.POST, "/api/v1/me/login", null, new io.vertx.core.json.JsonObject()
                .put("ins", ins).put("birthDate", "1985-05-14")).statusCode()).isEqualTo(202);
        String burst = dmp.physician(Identities.rpps());
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
        for (int i = 0; i < PlatformExtension.BURST + 15; i++) {
            calls.add(dmp.request(HttpMethod.GET, "/api/v1/patients/" + ins + "/documents", burst).send());
        }
        Dmp.await(Future.join(calls));

        long deadline = System.nanoTime() + 15_000_000_000L;
        String scrape = "";
        while (System.nanoTime() < deadline) {
            scrape = dmp.get("/metrics", null).bodyAsString();
            if (value(scrape, "dmp_records{state=\"ACTIVE\"}") >= 1
                    && value(scrape, "dmp_break_glass_total") >= 1
                    && value(scrape, "dmp_consent_refusals_total{rule=\"care-relationship-required\"}") >= 1) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(value(scrape, "dmp_records{state=\"ACTIVE\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "dmp_audit_entries_total{action=\"list_documents\",outcome=\"allowed\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "dmp_consent_refusals_total{rule=\"care-relationship-required\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "dmp_break_glass_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "dmp_api_problems_total{type=\"rate-limited\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "dmp_sms_budget_left")).isPositive();
        assertThat(value(scrape, "dmp_audit_group_commit_batches_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "dmp_audit_group_commit_entries_total"))
                .isGreaterThanOrEqualTo(value(scrape, "dmp_audit_group_commit_batches_total"));
        assertThat(value(scrape, "dmp_audit_append_lag_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "dmp_audit_append_lag_seconds_sum")).isPositive();
        assertThat(scrape).contains("dmp_outbox_backlog_messages ").contains("dmp_outbox_oldest_waiting_seconds ")
                .contains("# TYPE dmp_audit_entries_total counter").contains("# TYPE dmp_records gauge")
                .doesNotContain(ins);
        // Every metric the alert rules and the dashboard in deploy/ use is one the platform serves.
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("dmp_[a-z_]*[a-z](?![a-z_*])").matcher(
                java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/prometheus-alerts.yml"))
                        + java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/grafana-dashboard.json")));
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (used.find()) {
            names.add(used.group());
        }
        String latest = dmp.get("/metrics", null).bodyAsString();
        // A summary's _count and _sum are typed under its base name.
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(latest).containsAnyOf("# TYPE " + name + " ",
                "# TYPE " + name.replaceFirst("_(count|sum)$", "") + " summary"));
    }

    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    @Test
    void theContractIsServed() {
        HttpResponse<Buffer> r = dmp.get("/openapi.yaml", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).startsWith("openapi: 3.1.0").contains("/patients/{ins}/documents");
    }

    @Test
    void aClientOverItsBucketIsToldWhenToRetry() {
        String ins = dmp.activePatient();
        String token = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
        for (int i = 0; i < PlatformExtension.BURST + 15; i++) {
            calls.add(dmp.request(HttpMethod.GET, "/api/v1/patients/" + ins + "/documents", token).send());
        }
        Dmp.await(Future.join(calls));
        List<HttpResponse<Buffer>> limited = calls.stream().map(Future::result).filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        problem(limited.get(0), 429, "rate-limited");
        assertThat(Long.parseLong(limited.get(0).getHeader("Retry-After"))).isPositive();
        // Another professional has a bucket of their own.
        assertThat(dmp.list(dmp.inCare(dmp.physician(Identities.rpps()), ins), ins).statusCode()).isEqualTo(200);
    }
}
