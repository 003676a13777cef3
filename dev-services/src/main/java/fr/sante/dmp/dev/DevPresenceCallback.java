package fr.sante.dmp.dev;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * The development card-reading issuer: its tokens are assertions that a patient's card was read at a practice, shaped
 * as the gateway expects them ({@code ins} and {@code rpps} claims, audience {@code dmp-presence}, five minutes).
 * Development only, like {@link DevTokenCallback}: anyone on loopback gets any assertion.
 */
final class DevPresenceCallback implements OAuth2TokenCallback {
    static final long LIFETIME_SECONDS = 300;

    private final String issuerId;
    private final String audience;

    DevPresenceCallback(String issuerId, String audience) {
        this.issuerId = issuerId;
        this.audience = audience;
    }

    @Override
    public String issuerId() {
        return issuerId;
    }

    @Override
    public String subject(TokenRequest request) {
        return param(request, "ins").orElse("unknown");
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
        return List.of(param(request, "audience").orElse(audience));
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        Map<String, Object> claims = new HashMap<>();
        param(request, "ins").ifPresent(v -> claims.put("ins", v));
        param(request, "rpps").ifPresent(v -> claims.put("rpps", v));
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return LIFETIME_SECONDS;
    }

    private static Optional<String> param(TokenRequest request, String name) {
        List<String> values = request.getCustomParameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank()
                ? Optional.empty()
                : Optional.of(values.get(0).trim());
    }
}
