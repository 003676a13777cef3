package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.dev.DevIssuer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A professional's software talking to the running platform over HTTP, with tokens from its development issuer. */
public final class Dmp {
    static final String AUDIENCE = "dmp-api";
    static final String CONSULTATION_NOTE = "11488-4";

    final Platform platform;
    final Vertx vertx;
    final WebClient client;

    Dmp(Platform platform, Vertx vertx, WebClient client) {
        this.platform = platform;
        this.vertx = vertx;
        this.client = client;
    }

    // ---- tokens ----

    DevIssuer issuer() {
        return (DevIssuer) platform.services().devIssuer().orElseThrow(); // the dev-services one, in every test
    }

    /** A token as Pro Santé Connect would give it (rpps prefixed by 8). */
    String professional(String rpps, String profession, String scope) {
        return professional(rpps, profession, null, scope);
    }

    String professional(String rpps, String profession, String category, String scope) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("rpps", "8" + rpps);
        claims.put("profession", profession);
        claims.put("scope", scope);
        if (category != null) {
            claims.put("category", category);
        }
        return token(claims, List.of(AUDIENCE), 600);
    }

    String physician(String rpps) {
        return professional(rpps, "10", "dmp:read dmp:write");
    }

    String admin() {
        return token(Map.of("scope", "dmp:admin"), List.of(AUDIENCE), 600);
    }

    String token(Map<String, Object> claims, List<String> audience, long expirySeconds) {
        return issuer().issue(DevIssuer.ISSUER_ID, "sub-" + Identities.rpps(), audience, claims, expirySeconds);
    }

    /** A token from the issuer's HTTP token endpoint, exactly as {@code dmp token} asks for it. */
    String tokenOverHttp(Map<String, String> form) {
        MultiMap body = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials").add("client_id", "dmp-cli").add("client_secret", "dev");
        form.forEach(body::add);
        HttpResponse<Buffer> r = await(client.postAbs(issuer().tokenEndpoint()).sendForm(body));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("access_token");
    }

    // ---- HTTP ----

    HttpResponse<Buffer> get(String path, String token) {
        return await(request(HttpMethod.GET, path, token).send());
    }

    HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
        return await(request(method, path, token).sendJsonObject(body));
    }

    HttpResponse<Buffer> sendRaw(HttpMethod method, String path, String token, String contentType, Buffer body) {
        HttpRequest<Buffer> r = request(method, path, token);
        if (contentType != null) {
            r.putHeader("Content-Type", contentType);
        }
        return await(r.sendBuffer(body));
    }

    HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
        HttpRequest<Buffer> r = client.request(method, path);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return r;
    }

    // ---- the usual steps ----

    /** Registers a person in this state (INVITED or ACTIVE) and returns the INS. */
    String register(String ins, String state) {
        HttpResponse<Buffer> r = send(HttpMethod.PUT, "/api/v1/admin/patients/" + ins, admin(), person(state));
        assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
        return ins;
    }

    String activePatient() {
        return register(Identities.ins(), "ACTIVE");
    }

    static JsonObject person(String state) {
        return new JsonObject()
                .put("birthDate", "1985-05-14")
                .put("givenName", "Camille")
                .put("familyName", "Martin")
                .put("sex", "F")
                .put("phone", "+33612345678")
                .put("email", "camille.martin@example.org")
                .put("state", state);
    }

    static JsonObject document(String classCode, String title, String text) {
        return new JsonObject()
                .put("classCode", classCode)
                .put("title", title)
                .put("contentType", "text/plain")
                .put("content", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<Buffer> deposit(String token, String ins, JsonObject document) {
        return send(HttpMethod.POST, "/api/v1/patients/" + ins + "/documents", token, document);
    }

    /** Deposits and returns the new document's id (asserting 201). */
    String deposited(String token, String ins, String classCode, String title) {
        HttpResponse<Buffer> r = deposit(token, ins, document(classCode, title, "content of " + title));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("id");
    }

    HttpResponse<Buffer> list(String token, String ins) {
        return get("/api/v1/patients/" + ins + "/documents", token);
    }

    // ---- care relationships ----

    /**
     * The development card reader's assertion that this patient's card was read at this professional's practice, as
     * {@code ./dmp token --presence INS --rpps R} prints it (5 minutes, audience dmp-presence).
     */
    String presence(String ins, String rpps) {
        return presence(ins, rpps, 300);
    }

    String presence(String ins, String rpps, long expirySeconds) {
        return issuer().issue(DevIssuer.PRESENCE_ISSUER_ID, ins, List.of(DevIssuer.PRESENCE_AUDIENCE),
                Map.of("ins", ins, "rpps", rpps), expirySeconds);
    }

    static JsonObject presenceProof(String assertion) {
        return new JsonObject().put("type", "presence").put("assertion", assertion);
    }

    static JsonObject careCodeProof(String code) {
        return new JsonObject().put("type", "care-code").put("code", code);
    }

    static JsonObject declaredProof(String reason) {
        return new JsonObject().put("type", "declared").put("reason", reason);
    }

    /** POST /patients/{ins}/care-contexts with this proof. */
    HttpResponse<Buffer> openCareContext(String token, String ins, JsonObject proof) {
        return send(HttpMethod.POST, "/api/v1/patients/" + ins + "/care-contexts", token,
                new JsonObject().put("proof", proof));
    }

    /**
     * Puts the token's professional in care with this patient as practice software does when the patient's card is
     * read: a presence assertion naming the patient and the token's RPPS, then a care context (asserting 201). For
     * tests about something else than care relationships. Returns the token.
     */
    String inCare(String token, String ins) {
        HttpResponse<Buffer> r = openCareContext(token, ins, presenceProof(presence(ins, rppsOf(token))));
        assertThat(r.statusCode()).as("care context: " + r.bodyAsString()).isEqualTo(201);
        return token;
    }

    /** The RPPS a professional token carries (its {@code rpps} claim, without Pro Santé Connect's leading 8). */
    static String rppsOf(String token) {
        String[] parts = token.split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return fr.sante.dmp.consent.Rpps.parse(claims.getString("rpps")).value();
    }

    /** POST /documents/{id}/release (no body). */
    HttpResponse<Buffer> release(String token, String documentId) {
        return await(request(HttpMethod.POST, "/api/v1/documents/" + documentId + "/release", token).send());
    }

    /** An operator records a professional from the national directory's extract (asserting 204). */
    void registerProfessional(String rpps, String profession) {
        HttpResponse<Buffer> r = send(HttpMethod.PUT, "/api/v1/admin/professionals/" + rpps, admin(),
                new JsonObject().put("profession", profession));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(204);
    }

    HttpResponse<Buffer> breakGlass(String token, String ins, String reason) {
        return send(HttpMethod.POST, "/api/v1/patients/" + ins + "/break-glass", token,
                new JsonObject().put("reason", reason));
    }

    String pgUri() {
        return platform.services().pgUri();
    }

    /** The door's entries of this professional: action, allowed, rule, in order. */
    java.util.List<String> auditOf(String rpps) {
        io.vertx.sqlclient.SqlClient sql = io.vertx.pgclient.PgBuilder.client().connectingTo(pgUri()).using(vertx)
                .build();
        try {
            java.util.List<String> entries = new java.util.ArrayList<>();
            await(sql.preparedQuery("SELECT action, allowed, rule_id FROM audit_log WHERE actor_id = $1 ORDER BY seq")
                    .execute(io.vertx.sqlclient.Tuple.of(rpps)))
                    .forEach(r -> entries.add(r.getString(0) + " " + r.getBoolean(1) + " " + r.getString(2)));
            return entries;
        } finally {
            sql.close();
        }
    }

    /** How many submission sets this professional deposited (ITI-65: kept with their documents, all or nothing). */
    long submissionSetsOf(String rpps) {
        io.vertx.sqlclient.SqlClient sql = io.vertx.pgclient.PgBuilder.client().connectingTo(pgUri()).using(vertx)
                .build();
        try {
            return await(sql.preparedQuery("SELECT count(*) FROM submission_set WHERE author_rpps = $1")
                    .execute(io.vertx.sqlclient.Tuple.of(rpps))).iterator().next().getLong(0);
        } finally {
            sql.close();
        }
    }

    /** The tests' one await helper, {@link fr.sante.dmp.notify.support.Await#result}, under the name used here. */
    static <T> T await(Future<T> future) {
        return fr.sante.dmp.notify.support.Await.result(future);
    }

    /** Asserts a problem+json response of this status and type, and returns its body. */
    static JsonObject problem(HttpResponse<Buffer> r, int status, String type) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("type")).isEqualTo("https://dmp.sante.fr/problems/" + type);
        assertThat(body.getInteger("status")).isEqualTo(status);
        assertThat(body.getString("title")).isNotBlank();
        assertThat(body.getString("requestId")).isEqualTo(r.getHeader("X-Request-Id"));
        assertThat(r.bodyAsString()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("fr.sante");
        return body;
    }
}
