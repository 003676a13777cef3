package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.consent.Actor;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who calls, from a verified access token.
 *
 * @param subject      the token's {@code sub} (the operator, for admin calls)
 * @param clientId     the client the token was issued to ({@code azp} / {@code client_id}), else the subject
 * @param scopes       the granted scopes
 * @param professional the professional identity when the token carries {@code rpps} and {@code profession}
 * @param expiresAt    the token's expiry
 */
public record Caller(
        String subject,
        String clientId,
        Set<String> scopes,
        Optional<Actor.Professional> professional,
        Instant expiresAt) {

    public static final String READ = "dmp:read";
    public static final String WRITE = "dmp:write";
    public static final String ADMIN = "dmp:admin";
    /** The data protection officer: reviews emergency accesses, reads no record. */
    public static final String DPO = "dmp:dpo";
    /** The insurer's care-history feed: writes history lines and nothing else. */
    public static final String FEED = "dmp:feed";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** The rate-limit key: the professional's RPPS, else the client. */
    public String rateKey() {
        return professional.map(p -> "rpps:" + p.rpps().value()).orElse("client:" + clientId);
    }
}
