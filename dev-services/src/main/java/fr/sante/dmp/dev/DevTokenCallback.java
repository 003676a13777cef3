package fr.sante.dmp.dev;

import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * Shapes the development issuer's access tokens like Pro Santé Connect's: the professional's claims come from the
 * token request's form parameters ({@code rpps}, {@code profession}, {@code specialty}, {@code category},
 * {@code scope}, optional {@code subject} and {@code audience}). Development only: anyone reaching the issuer on
 * loopback gets any identity, which is the point of a development issuer.
 */
final class DevTokenCallback implements OAuth2TokenCallback {
    static final List<String> CLAIM_PARAMETERS = List.of("rpps", "profession", "specialty", "category");

    private final String issuerId;
    private final String audience;

    DevTokenCallback(String issuerId, String audience) {
        this.issuerId = issuerId;
        this.audience = audience;
    }

    @Override
    public String issuerId() {
        return issuerId;
    }

    @Override
    public String subject(TokenRequest request) {
        return param(request, "subject")
                .or(() -> param(request, "rpps"))
                .orElseGet(() -> Optional.ofNullable(request.getClientID()).map(ClientID::getValue).orElse("dev"));
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return DevIssuer.ACCESS_TOKEN_TYPE; // RFC 9068: the gateway refuses JWTs not typed as access tokens
    }

    @Override
    public List<String> audience(TokenRequest request) {
        return List.of(param(request, "audience").orElse(audience));
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        Map<String, Object> claims = new HashMap<>();
        for (String name : CLAIM_PARAMETERS) {
            param(request, name).ifPresent(v -> claims.put(name, v));
        }
        if (request.getScope() != null) {
            claims.put("scope", request.getScope().toString());
        }
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return 3600;
    }

    private static Optional<String> param(TokenRequest request, String name) {
        List<String> values = request.getCustomParameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank()
                ? Optional.empty()
                : Optional.of(values.get(0).trim());
    }
}
