package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a verified token's claims (Pro Santé Connect style) into a {@link Caller}. A claim that is present but not
 * valid makes the token unusable: {@link InvalidIdentifierException} naming the claim.
 */
final class ClaimsMapper {

    private ClaimsMapper() {
    }

    static Caller caller(JsonObject claims) {
        String subject = claims.getString("sub", "");
        String clientId = firstString(claims, "azp", "client_id").orElse(subject);
        return new Caller(subject, clientId, scopes(claims.getValue("scope")), professional(claims),
                Instant.ofEpochSecond(claims.getLong("exp")));
    }

    private static Optional<Actor.Professional> professional(JsonObject claims) {
        Optional<String> rpps = firstString(claims, "rpps");
        if (rpps.isEmpty()) {
            return Optional.empty();
        }
        String profession = firstString(claims, "profession")
                .orElseThrow(() -> new InvalidIdentifierException("profession", "is required with rpps"));
        return Optional.of(new Actor.Professional(
                Rpps.parse(rpps.get()),
                Profession.fromCode(profession),
                firstString(claims, "specialty"),
                ActorCategory.fromClaim(claims.getString("category"))));
    }

    private static Set<String> scopes(Object claim) {
        Set<String> scopes = new HashSet<>();
        if (claim instanceof String s) {
            Arrays.stream(s.trim().split("\\s+")).filter(v -> !v.isEmpty()).forEach(scopes::add);
        } else if (claim instanceof JsonArray a) {
            a.forEach(v -> scopes.add(String.valueOf(v)));
        }
        return scopes;
    }

    private static Optional<String> firstString(JsonObject claims, String... names) {
        for (String name : names) {
            Object v = claims.getValue(name);
            if (v != null && !String.valueOf(v).isBlank()) {
                return Optional.of(String.valueOf(v).trim());
            }
        }
        return Optional.empty();
    }
}
