package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Roles (issue 17, item 2): one API process and two worker processes on one PostgreSQL and Redis, as
 * {@code ./dmp run --role api} and twice {@code ./dmp run --role worker}. The API only enqueues: an imported cohort's
 * invitations wait until a worker runs. The two workers then share the queue without sending anything twice, into
 * one dev inbox for the platform (the second worker joins the first one's), and serve nothing but health and metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolesIT {
    private static final int PERSONS = 60;
    private static final String CAMPAIGNS = "/api/v1/admin/campaigns";

    private static Path dataDir;
    private static Platform api;
    private static final List<Platform> workers = new ArrayList<>();
    private static Vertx vertx;
    private static WebClient client;
    private static Dmp dmp;

    @BeforeAll
    static void startTheApi() throws Exception {
        dataDir = Files.createTempDirectory("dmp-roles-");
        Map<String, String> env = common();
        env.put(Roles.VARIABLE, "api");
        api = Platform.start(GatewayConfig.load(env));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(api.httpPort()));
        dmp = new Dmp(api, vertx, client);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            // The worker that joined the other's inbox first: it sends into servers the other one runs.
            for (int i = workers.size() - 1; i >= 0; i--) {
                workers.get(i).close();
            }
            if (api != null) {
                api.close();
            }
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void theApiOnlyEnqueuesAndTwoWorkersSendEachInvitationOnceIntoOneInbox() throws Exception {
        List<String> phones = new ArrayList<>();
        StringBuilder csv = new StringBuilder("ins,birthDate,givenName,familyName,phone,email,language\n");
        for (int i = 0; i < PERSONS; i++) {
            String phone = "+3361" + (1_000_000 + i * 7919);
            phones.add(phone);
            csv.append(Identities.ins()).append(",1985-05-14,Alice,Martin,").append(phone).append(",,fr\n");
        }
        HttpResponse<Buffer> created = dmp.sendRaw(HttpMethod.POST, CAMPAIGNS, dmp.admin(), "text/csv; charset=utf-8",
                Buffer.buffer(csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String progress = created.getHeader("Location");

        // Given time to send, an API-only process sends nothing: no dispatcher runs in it.
        Thread.sleep(1_500);
        JsonObject waiting = dmp.get(progress, dmp.admin()).bodyAsJsonObject();
        assertThat(waiting.getLong("queued")).as(waiting.encode()).isEqualTo(PERSONS);
        assertThat(api.inboxPort()).isEmpty();

        int inbox;
        try (ServerSocket s = new ServerSocket(0)) {
            inbox = s.getLocalPort();
        }
        workers.add(worker(inbox));
        workers.add(worker(inbox));
        // One inbox for the platform: the second worker sends into the first one's servers.
        assertThat(workers.get(0).inboxPort()).contains(inbox);
        assertThat(workers.get(1).inboxPort()).contains(inbox);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject p = waiting;
        while (System.nanoTime() < deadline) {
            p = dmp.get(progress, dmp.admin()).bodyAsJsonObject();
            if (p.getLong("queued") == 0) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(p.getLong("queued")).as(p.encode()).isZero();
        Thread.sleep(1_000); // a second send would have arrived by now
        Map<String, Integer> received = new HashMap<>();
        JsonArray messages = await(client.get(inbox, "127.0.0.1", "/api/messages").send()).bodyAsJsonArray();
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            received.merge(m.getString("to"), 1, Integer::sum);
        }
        for (String phone : phones) {
            assertThat(received.get(phone)).as("invitations received by " + phone).isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void aWorkerServesHealthAndMetricsOnly() throws Exception {
        Platform w = workers.isEmpty() ? worker(0) : workers.get(0);
        if (workers.isEmpty()) {
            workers.add(w);
        }
        HttpResponse<Buffer> ready = await(client.get(w.httpPort(), "127.0.0.1", "/health/ready").send());
        assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> metrics = await(client.get(w.httpPort(), "127.0.0.1", "/metrics").send());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.bodyAsString()).contains("dmp_outbox");
        HttpResponse<Buffer> documents = await(client.get(w.httpPort(), "127.0.0.1",
                "/api/v1/patients/" + Identities.ins() + "/documents").bearerTokenAuthentication(
                        dmp.physician(Identities.rpps())).send());
        assertThat(documents.statusCode()).isEqualTo(404);
        assertThat(documents.getHeader("Content-Type")).startsWith("application/problem+json");
    }

    /** A worker on the API's database, Redis and keys (same data directory), with the dev inbox at {@code inbox}. */
    private static Platform worker(int inbox) {
        Map<String, String> env = common();
        env.put(Roles.VARIABLE, "worker");
        env.put(GatewayConfig.PG_URL, api.services().pgUri());
        env.put(GatewayConfig.REDIS_URL, api.services().redisUri());
        env.put(GatewayConfig.OIDC_ISSUER, api.services().issuerUrl());
        env.put(fr.sante.dmp.gateway.config.Mode.VARIABLE, "development");
        env.put(GatewayConfig.INBOX_PORT, Integer.toString(inbox));
        return Platform.start(GatewayConfig.load(env));
    }

    private static Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put(GatewayConfig.DATA_DIR, dataDir.toString());
        env.put(GatewayConfig.HTTP_PORT, "0");
        env.put(GatewayConfig.HTTP_HOST, "127.0.0.1");
        env.put(GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false");
        env.put(GatewayConfig.INBOX_PORT, "0");
        env.put(GatewayConfig.PUBLIC_URL, "https://espace-sante.test");
        env.put(GatewayConfig.BUSINESS_METRICS_INTERVAL, "PT1S");
        return env;
    }
}
