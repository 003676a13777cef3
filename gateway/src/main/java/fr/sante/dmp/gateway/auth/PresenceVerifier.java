package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a patient's presence assertion: a short-lived JWT that the card-reading issuer (DMP_PRESENCE_ISSUER,
 * discovered like the OIDC issuer) signs when the patient's card is read at a practice. Checked locally: signature by
 * the issuer's JWKS, issuer, audience, expiry, a lifetime of at most ten minutes, and the {@code ins} and {@code rpps}
 * claims. Without a configured issuer every assertion is refused.
 */
public final class PresenceVerifier {
    /** An assertion older than this is not proof that the patient is at the practice now. */
    static final long MAX_LIFETIME_SECONDS = 600;

    /** Who the verified assertion puts together: the patient and the professional at whose practice the card was read. */
    public record Presence(Ins ins, Rpps rpps) {
    }

    private final Optional<OAuth2Auth> issuer;
    private final String audience;
    private final Clock clock;

    private PresenceVerifier(Optional<OAuth2Auth> issuer, String audience, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public static Future<PresenceVerifier> discover(Vertx vertx, Optional<String> issuerUrl, String audience,
                                                    Clock clock) {
        if (issuerUrl.isEmpty()) {
            return Future.succeededFuture(new PresenceVerifier(Optional.empty(), audience, clock));
        }
        OAuth2Options options = new OAuth2Options()
                .setSite(issuerUrl.get())
                .setClientId(audience)
                .setValidateIssuer(true)
                .setJWTOptions(new JWTOptions().setAudience(List.of(audience)).setLeeway(5));
        return OpenIDConnectAuth.discover(vertx, options)
                .map(oauth2 -> {
                    options.setIntrospectionPath(null).setUserInfoPath(null);
                    return new PresenceVerifier(Optional.of(oauth2), audience, clock);
                })
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "discovery of the presence issuer failed for " + issuerUrl.get() + ": " + e.getMessage(), e)));
    }

    /** The verified presence, or a failed future with a 403 {@code invalid-proof} problem saying what is wrong. */
    public Future<Presence> verify(String assertion) {
        if (issuer.isEmpty()) {
            return Future.failedFuture(invalid("no card-reading issuer is configured: presence cannot be proven"));
        }
        return issuer.get().authenticate(new TokenCredentials(assertion))
                .recover(e -> Future.failedFuture(invalid(
                        "the presence assertion does not verify (signature, issuer, audience or expiry)")))
                .compose(user -> {
                    try {
                        return Future.succeededFuture(checked(user.attributes().getJsonObject("accessToken")));
                    } catch (ProblemException e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    private Presence checked(JsonObject claims) {
        if (claims == null) {
            throw invalid("the presence assertion is not a verified JWT");
        }
        Object aud = claims.getValue("aud");
        boolean forUs = aud instanceof String s ? s.equals(audience) : aud instanceof JsonArray a && a.contains(audience);
        if (!forUs) {
            throw invalid("the presence assertion is not for this audience");
        }
        Long exp = claims.getLong("exp");
        Long iat = claims.getLong("iat");
        long now = clock.instant().getEpochSecond();
        if (exp == null || iat == null || exp <= now - 5) {
            throw invalid("the presence assertion has expired or carries no expiry");
        }
        if (exp - iat > MAX_LIFETIME_SECONDS) {
            throw invalid("the presence assertion lives longer than " + MAX_LIFETIME_SECONDS / 60 + " minutes");
        }
        try {
            return new Presence(Ins.parse(claims.getString("ins")), Rpps.parse(claims.getString("rpps")));
        } catch (InvalidIdentifierException | ClassCastException e) {
            throw invalid("the presence assertion's ins or rpps claim is missing or not valid");
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of(ProblemType.INVALID_PROOF, detail));
    }
}
