package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 401 when the token is missing or not valid; 403 when it is valid but does not grant the operation. */
@ExtendWith(PlatformExtension.class)
class AuthenticationIT {
    private static Dmp dmp;
    private static String ins;

    @BeforeAll
    static void patient(Dmp platform) {
        dmp = platform;
        ins = dmp.activePatient();
    }

    private HttpResponse<Buffer> list(String token) {
        return dmp.list(token, ins);
    }

    private static Map<String, Object> physicianClaims() {
        return Map.of("rpps", Identities.rpps(), "profession", "10", "scope", "dmp:read");
    }

    @Test
    void aValidProfessionalTokenIsAccepted() {
        assertThat(list(dmp.inCare(dmp.professional(Identities.rpps(), "10", "dmp:read"), ins)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theTokenThatDmpTokenPrintsIsAccepted() {
        String token = dmp.tokenOverHttp(Map.of("rpps", Identities.rpps(), "profession", "10", "scope", "dmp:read"));
        assertThat(list(dmp.inCare(token, ins)).statusCode()).isEqualTo(200);
        String admin = dmp.tokenOverHttp(Map.of("scope", "dmp:admin", "subject", "admin"));
        assertThat(dmp.get("/api/v1/admin/audit/verify", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void noTokenIsUnauthenticatedWithABearerChallenge() {
        HttpResponse<Buffer> r = list(null);
        problem(r, 401, "unauthenticated");
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aTokenThatIsNotAJwtIsUnauthenticated() {
        HttpResponse<Buffer> r = list("not-a-token");
        problem(r, 401, "unauthenticated");
        assertThat(r.getHeader("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void aTokenWithATamperedSignatureIsUnauthenticated() {
        String token = dmp.token(physicianClaims(), List.of(Dmp.AUDIENCE), 600);
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(10);
        String signature = parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[2].substring(11);
        problem(list(parts[0] + "." + parts[1] + "." + signature), 401, "unauthenticated");
    }

    @Test
    void aTokenWithTamperedClaimsIsUnauthenticated() {
        String token = dmp.token(physicianClaims(), List.of(Dmp.AUDIENCE), 600);
        String admin = dmp.token(Map.of("scope", "dmp:admin dmp:read"), List.of(Dmp.AUDIENCE), 600);
        String[] p = token.split("\\.");
        String[] a = admin.split("\\.");
        problem(list(p[0] + "." + a[1] + "." + p[2]), 401, "unauthenticated");
    }

    @Test
    void anExpiredTokenIsUnauthenticated() {
        problem(list(dmp.token(physicianClaims(), List.of(Dmp.AUDIENCE), -120)), 401, "unauthenticated");
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthenticated() {
        problem(list(dmp.token(physicianClaims(), List.of("another-api"), 600)), 401, "unauthenticated");
    }

    @Test
    void aTokenForNoAudienceIsUnauthenticated() {
        problem(list(dmp.token(physicianClaims(), List.of(), 600)), 401, "unauthenticated");
    }

    @Test
    void aTokenFromAnotherIssuerIdOfTheSameServerIsUnauthenticated() {
        String other = dmp.issuer().issue("other", "sub", List.of(Dmp.AUDIENCE), physicianClaims(), 600);
        problem(list(other), 401, "unauthenticated");
    }

    @Test
    void aTokenFromAStrangerIssuerIsUnauthenticated() {
        MockOAuth2Server stranger = new MockOAuth2Server();
        stranger.start(InetAddress.getLoopbackAddress(), 0);
        try {
            String token = stranger.issueToken("dmp", "sub",
                    new DefaultOAuth2TokenCallback("dmp", "sub", "JWT", List.of(Dmp.AUDIENCE), physicianClaims(), 600))
                    .serialize();
            problem(list(token), 401, "unauthenticated");
        } finally {
            stranger.shutdown();
        }
    }

    @Test
    void anIdTokenOfTheIssuerIsUnauthenticatedNotForbidden() {
        // Shaped as a standard issuer's ID token: typed JWT (not at+jwt), for the client, with a nonce.
        Map<String, Object> claims = new java.util.HashMap<>(physicianClaims());
        claims.put("nonce", "n-0S6_WzA2Mj");
        String idToken = dmp.issuer().issue("dmp", "sub", "JWT", List.of(Dmp.AUDIENCE), claims, 600);
        HttpResponse<Buffer> r = list(idToken);
        problem(r, 401, "unauthenticated");
        assertThat(r.getHeader("WWW-Authenticate")).contains("invalid_token").contains("not an access token");
        // Typed as a plain JWT without a nonce: not an access token either (RFC 9068), still 401.
        problem(list(dmp.issuer().issue("dmp", "sub", "JWT", List.of(Dmp.AUDIENCE), physicianClaims(), 600)),
                401, "unauthenticated");
    }

    /**
     * Security review, item 17, with Pro Santé Connect's shapes (Keycloak): the header is typed {@code JWT}, the
     * access token says {@code "typ": "Bearer"} in its claims and the ID token {@code "typ": "ID"}. The access token
     * is accepted; the ID token, and a "Bearer" token carrying an ID token's nonce or at_hash, are 401 "not an
     * access token". RFC 9068's header type is accepted in both spellings. Before, none of this was tested: a check
     * that dropped the claim's type would refuse every PSC token, one that trusted it alone would take ID tokens.
     */
    @Test
    void proSanteConnectTokensAreJudgedByTheirTypeClaim() {
        Map<String, Object> access = new java.util.HashMap<>(physicianClaims());
        access.put("typ", "Bearer");
        access.put("azp", "dmp-psc-client");
        String pscAccess = dmp.issuer().issue("dmp", "sub-psc", "JWT", List.of(Dmp.AUDIENCE), access, 600);
        assertThat(list(dmp.inCare(pscAccess, ins)).statusCode()).isEqualTo(200);

        Map<String, Object> id = new java.util.HashMap<>(physicianClaims());
        id.put("typ", "ID");
        notAnAccessToken(dmp.issuer().issue("dmp", "sub-psc", "JWT", List.of(Dmp.AUDIENCE), id, 600));
        for (String idOnly : List.of("nonce", "at_hash")) {
            Map<String, Object> mixed = new java.util.HashMap<>(access);
            mixed.put("rpps", Identities.rpps());
            mixed.put(idOnly, "n-0S6_WzA2Mj");
            notAnAccessToken(dmp.issuer().issue("dmp", "sub-psc", "JWT", List.of(Dmp.AUDIENCE), mixed, 600));
        }

        for (String type : List.of("at+jwt", "application/at+jwt")) {
            String typed = dmp.issuer().issue("dmp", "sub", type, List.of(Dmp.AUDIENCE), physicianClaims(), 600);
            assertThat(list(dmp.inCare(typed, ins)).statusCode()).as(type).isEqualTo(200);
        }
    }

    private void notAnAccessToken(String token) {
        HttpResponse<Buffer> r = list(token);
        problem(r, 401, "unauthenticated");
        assertThat(r.getHeader("WWW-Authenticate")).contains("invalid_token").contains("not an access token");
    }

    @Test
    void anIdTokenFromTheAuthorizationCodeFlowIsUnauthenticated() {
        // The real flow at the development issuer, with the API's audience as client id (the case that used to pass).
        String redirect = "http://127.0.0.1:9/cb";
        String authorize = dmp.platform.issuerUrl() + "/authorize?client_id=" + Dmp.AUDIENCE
                + "&response_type=code&scope=openid&state=s1&nonce=n1&redirect_uri="
                + java.net.URLEncoder.encode(redirect, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<Buffer> login = Dmp.await(dmp.client.getAbs(authorize).followRedirects(false).send());
        assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(302);
        String code = login.getHeader("Location").replaceAll(".*[?&]code=([^&]+).*", "$1");
        io.vertx.core.MultiMap form = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "authorization_code").add("code", code).add("redirect_uri", redirect)
                .add("client_id", Dmp.AUDIENCE).add("client_secret", "dev")
                .add("rpps", Identities.rpps()).add("profession", "10");
        HttpResponse<Buffer> tokens = Dmp.await(dmp.client.postAbs(dmp.issuer().tokenEndpoint()).sendForm(form));
        assertThat(tokens.statusCode()).as(tokens.bodyAsString()).isEqualTo(200);
        String idToken = tokens.bodyAsJsonObject().getString("id_token");
        assertThat(idToken).isNotBlank();

        problem(list(idToken), 401, "unauthenticated");
    }

    @Test
    void anUnusableRppsClaimMakesTheTokenUnauthenticated() {
        String token = dmp.token(Map.of("rpps", "12345", "profession", "10", "scope", "dmp:read"),
                List.of(Dmp.AUDIENCE), 600);
        problem(list(token), 401, "unauthenticated");
    }

    @Test
    void aValidTokenWithoutTheScopeIsForbiddenAndNamesTheScope() {
        String readOnly = dmp.professional(Identities.rpps(), "10", "dmp:read");
        HttpResponse<Buffer> r = dmp.deposit(readOnly, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "text"));
        problem(r, 403, "insufficient-scope");
        assertThat(r.getHeader("WWW-Authenticate")).contains("insufficient_scope").contains("dmp:write");
    }

    @Test
    void aWriteOnlyTokenCannotRead() {
        problem(list(dmp.professional(Identities.rpps(), "10", "dmp:write")), 403, "insufficient-scope");
    }

    @Test
    void adminOperationsNeedTheAdminScope() {
        String physician = dmp.physician(Identities.rpps());
        problem(dmp.get("/api/v1/admin/audit/verify", physician), 403, "insufficient-scope");
        problem(dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + Identities.ins(), physician, Dmp.person("ACTIVE")),
                403, "insufficient-scope");
    }

    @Test
    void anAdminTokenWithoutProfessionalIdentityCannotReadRecords() {
        String admin = dmp.token(Map.of("scope", "dmp:admin dmp:read"), List.of(Dmp.AUDIENCE), 600);
        problem(list(admin), 403, "no-professional-identity");
    }
}
