package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer tokens against the configured OpenID Connect issuer: signature by the issuer's JWKS (fetched by
 * discovery, refreshed when an unknown key id shows up), issuer, audience and expiry. Only locally verified JWTs are
 * accepted: introspection and userinfo fallbacks are switched off so that a token failing the local checks is never
 * "rescued" by a remote call.
 */
public final class TokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    private final OAuth2Auth oauth2;
    private final String audience;
    private final TokenCache cache;
    private final Clock clock;
    private java.util.function.Consumer<Caller> newCallers = caller -> { };
    private final OAuth2Options discovered;

    private TokenVerifier(OAuth2Auth oauth2, OAuth2Options discovered, String audience, TokenCache cache,
            Clock clock) {
        this.oauth2 = oauth2;
        this.discovered = discovered;
        this.audience = audience;
        this.cache = cache;
        this.clock = clock;
    }

    public static Future<TokenVerifier> discover(Vertx vertx, String issuer, String audience, int cacheSize,
            Clock clock) {
        OAuth2Options options = new OAuth2Options()
                .setSite(issuer)
                .setClientId(audience)
                .setValidateIssuer(true)
                .setJWTOptions(new JWTOptions().setAudience(List.of(audience)).setLeeway(5));
        return OpenIDConnectAuth.discover(vertx, options)
                .map(oauth2 -> {
                    // discover() keeps this options object as the provider's live configuration.
                    options.setIntrospectionPath(null).setUserInfoPath(null);
                    // Key rotation: an unknown key id refetches the JWKS, at most every 30 s (tokens with made-up key
                    // ids must not turn into a stream of calls to the issuer).
                    AtomicLong lastRefresh = new AtomicLong();
                    oauth2.missingKeyHandler(kid -> {
                        long now = clock.millis();
                        long last = lastRefresh.get();
                        if (now - last >= 30_000 && lastRefresh.compareAndSet(last, now)) {
                            oauth2.jWKSet().onFailure(e -> LOG.atWarn().addKeyValue("error", e.toString())
                                    .log("JWKS refresh failed"));
                        }
                    });
                    return new TokenVerifier(oauth2, options, audience, new TokenCache(cacheSize, clock), clock);
                })
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "OIDC discovery failed for " + issuer + ": " + e.getMessage(), e)));
    }

    /**
     * Also tells {@code listener} of each caller whose token was verified for the first time (not from the cache);
     * set once at start-up, before any request.
     */
    public TokenVerifier onNewCaller(java.util.function.Consumer<Caller> listener) {
        this.newCallers = listener;
        return this;
    }

    /**
     * The issuer's endpoints as discovered (for the FHIR face's SMART configuration): issuer, authorization, token and
     * key set URLs; a path the discovery did not give is absent.
     */
    public JsonObject issuerEndpoints() {
        JsonObject json = new JsonObject().put("issuer", discovered.getSite());
        putUrl(json, "authorization_endpoint", discovered.getAuthorizationPath());
        putUrl(json, "token_endpoint", discovered.getTokenPath());
        putUrl(json, "jwks_uri", discovered.getJwkPath());
        putUrl(json, "revocation_endpoint", discovered.getRevocationPath());
        return json;
    }

    private void putUrl(JsonObject json, String name, String path) {
        if (path != null && !path.isBlank()) {
            json.put(name, path.startsWith("http") ? path : discovered.getSite() + path);
        }
    }

    /** The caller, or a failed future with a 401 {@link ProblemException}. */
    public Future<Caller> verify(String token) {
        String key = TokenCache.key(token);
        var cached = cache.get(key);
        if (cached.isPresent()) {
            return Future.succeededFuture(cached.get());
        }
        return oauth2.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture(invalid("the token is not valid (signature, issuer, audience or expiry)")))
                .compose(user -> {
                    try {
                        Caller caller = checked(user, token);
                        cache.put(key, caller);
                        newCallers.accept(caller);
                        return Future.succeededFuture(caller);
                    } catch (InvalidIdentifierException e) {
                        return Future.failedFuture(invalid("the token's " + e.field() + " claim is not valid"));
                    } catch (ProblemException e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    private Caller checked(User user, String token) {
        JsonObject claims = user.attributes().getJsonObject("accessToken");
        if (claims == null) {
            throw invalid("the token is not a verified JWT");
        }
        if (!accessToken(token, claims)) {
            // An ID token says who signed in to a client; it grants nothing at an API (RFC 9068 section 4).
            throw invalid("the token is not an access token");
        }
        // vertx-auth skips the audience check when the claim is absent: a token for nobody in particular is refused.
        Object aud = claims.getValue("aud");
        boolean forUs = aud instanceof String s ? s.equals(audience)
                : aud instanceof JsonArray a && a.contains(audience);
        if (!forUs) {
            throw invalid("the token is not for this audience");
        }
        Long exp = claims.getLong("exp");
        if (exp == null || exp <= clock.instant().getEpochSecond() - 5) {
            throw invalid("the token has no expiry or has expired");
        }
        return ClaimsMapper.caller(claims);
    }

    /**
     * Whether a verified JWT is an access token: typed {@code at+jwt} in its header (RFC 9068), or {@code "typ":
     * "Bearer"} in its claims (Keycloak's marking, which Pro Santé Connect's tokens carry); and without the claims only
     * an ID token carries ({@code nonce}, {@code at_hash}, {@code c_hash}) nor Keycloak's {@code "typ": "ID"}. A JWT
     * typed neither way is refused: fail closed.
     */
    static boolean accessToken(String token, JsonObject claims) {
        if (claims.containsKey("nonce") || claims.containsKey("at_hash") || claims.containsKey("c_hash")) {
            return false;
        }
        Object typClaim = claims.getValue("typ");
        if (typClaim instanceof String t && t.equalsIgnoreCase("Bearer")) {
            return true;
        }
        if (typClaim != null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            JsonObject header = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    java.nio.charset.StandardCharsets.UTF_8));
            Object typ = header.getValue("typ");
            return typ instanceof String t
                    && (t.equalsIgnoreCase("at+jwt") || t.equalsIgnoreCase("application/at+jwt"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of(ProblemType.UNAUTHENTICATED, detail), challenge(detail));
    }

    static String challenge(String detail) {
        return "Bearer realm=\"dmp\", error=\"invalid_token\", error_description=\"" + detail + "\"";
    }
}
