package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API served by two HTTP verticles, each on its own event loop (DMP_HTTP_INSTANCES=2 on a fixed port, issue 17),
 * on the guards platform's PostgreSQL, Redis and issuer: deposits and reads sent at once over many connections, so
 * that both loops serve and share the token cache, the data-key cache and the audit's group commit, all come back
 * right, every document is listed once, and the audit chain verifies.
 */
@ExtendWith(GuardsExtension.class)
class TwoEventLoopsIT {
    private static final int PATIENTS = 6;
    private static final int DOCUMENTS_EACH = 5;
    private static Platform two;
    private static WebClient client;
    private static Dmp dmp;
    /** The guards platform: same database and issuer; it registers patients and opens care contexts (presence). */
    private static Dmp setup;

    @BeforeAll
    static void start(Dmp guards) throws Exception {
        Map<String, String> env = GuardsExtension.config(guards.platform.config().dataDir());
        env.put(GatewayConfig.PG_URL, guards.platform.services().pgUri());
        env.put(GatewayConfig.REDIS_URL, guards.platform.services().redisUri());
        env.put(GatewayConfig.OIDC_ISSUER, guards.platform.services().issuerUrl());
        env.put(fr.sante.dmp.gateway.config.Mode.VARIABLE, "development");
        env.put(GatewayConfig.HTTP_INSTANCES, "2");
        try (ServerSocket s = new ServerSocket(0)) {
            env.put(GatewayConfig.HTTP_PORT, Integer.toString(s.getLocalPort()));
        }
        two = Platform.start(GatewayConfig.load(env));
        // Many connections: the two servers take accepted connections in turn.
        client = WebClient.create(guards.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(two.httpPort()).setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
        dmp = new Dmp(two, guards.vertx, client);
        setup = guards;
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (two != null) {
            two.close();
        }
    }

    @Test
    void depositsAndReadsSentAtOnceAreAllRightAndTheAuditChainHolds() {
        List<String> patients = new ArrayList<>();
        List<String> physicians = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            String ins = setup.activePatient();
            patients.add(ins);
            physicians.add(setup.inCare(setup.physician(Identities.rpps()), ins));
        }
        List<Future<HttpResponse<Buffer>>> deposits = new ArrayList<>();
        for (int d = 0; d < DOCUMENTS_EACH; d++) {
            for (int p = 0; p < PATIENTS; p++) {
                deposits.add(dmp.request(HttpMethod.POST, "/api/v1/patients/" + patients.get(p) + "/documents",
                        physicians.get(p)).sendJsonObject(Dmp.document(Dmp.CONSULTATION_NOTE, "Note " + d, "texte " + d)));
            }
        }
        await(Future.join(deposits));
        for (Future<HttpResponse<Buffer>> f : deposits) {
            assertThat(f.succeeded()).isTrue();
            assertThat(f.result().statusCode()).as(f.result().bodyAsString()).isEqualTo(201);
        }
        List<Future<HttpResponse<Buffer>>> lists = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int p = 0; p < PATIENTS; p++) {
                lists.add(dmp.request(HttpMethod.GET, "/api/v1/patients/" + patients.get(p) + "/documents",
                        physicians.get(p)).send());
            }
        }
        await(Future.join(lists));
        for (Future<HttpResponse<Buffer>> f : lists) {
            assertThat(f.result().statusCode()).as(f.result().bodyAsString()).isEqualTo(200);
            assertThat(f.result().bodyAsJsonObject().getJsonArray("documents").stream()
                    .map(o -> ((JsonObject) o).getString("id")).distinct()).hasSize(DOCUMENTS_EACH);
        }
        HttpResponse<Buffer> verified = dmp.get("/api/v1/admin/audit/verify", setup.admin());
        assertThat(verified.statusCode()).as(verified.bodyAsString()).isEqualTo(200);
        assertThat(verified.bodyAsJsonObject().getBoolean("ok")).isTrue();
    }
}
