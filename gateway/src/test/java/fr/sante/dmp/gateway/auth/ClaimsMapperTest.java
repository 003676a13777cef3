package fr.sante.dmp.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Profession;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClaimsMapperTest {
    private static JsonObject claims() {
        return new JsonObject().put("sub", "s").put("exp", 2_000_000_000L).put("scope", "dmp:read  dmp:write");
    }

    @Test
    void proSanteConnectClaimsBecomeAProfessional() {
        Caller c = ClaimsMapper.caller(claims().put("rpps", "810001234565").put("profession", "10")
                .put("specialty", "SM26").put("category", "samu-regulation"));
        var p = c.professional().orElseThrow();
        assertThat(p.rpps().value()).isEqualTo("10001234565");
        assertThat(p.profession()).isEqualTo(Profession.PHYSICIAN);
        assertThat(p.specialty()).contains("SM26");
        assertThat(p.category()).isEqualTo(ActorCategory.SAMU_REGULATION);
        assertThat(c.scopes()).containsExactlyInAnyOrder("dmp:read", "dmp:write");
        assertThat(c.rateKey()).isEqualTo("rpps:10001234565");
    }

    @Test
    void anAdminTokenNeedsNoProfessionalIdentity() {
        Caller c = ClaimsMapper.caller(claims().put("scope", "dmp:admin").put("azp", "ops-console"));
        assertThat(c.professional()).isEmpty();
        assertThat(c.has(Caller.ADMIN)).isTrue();
        assertThat(c.rateKey()).isEqualTo("client:ops-console");
    }

    @Test
    void anRppsWithoutProfessionIsRefusedNamingProfession() {
        assertThatThrownBy(() -> ClaimsMapper.caller(claims().put("rpps", "10001234565")))
                .isInstanceOf(InvalidIdentifierException.class)
                .extracting(e -> ((InvalidIdentifierException) e).field()).isEqualTo("profession");
    }

    @Test
    void anUnknownCategoryIsRefusedNamingCategory() {
        assertThatThrownBy(() -> ClaimsMapper.caller(claims().put("rpps", "10001234565").put("profession", "10")
                .put("category", "police")))
                .isInstanceOf(InvalidIdentifierException.class)
                .extracting(e -> ((InvalidIdentifierException) e).field()).isEqualTo("category");
    }

    @Test
    void theCacheForgetsATokenWhenItExpires() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        TokenCache cache = new TokenCache(2, Clock.fixed(now, ZoneOffset.UTC));
        Caller live = new Caller("a", "a", java.util.Set.of(), java.util.Optional.empty(), now.plusSeconds(1));
        Caller dead = new Caller("b", "b", java.util.Set.of(), java.util.Optional.empty(), now);
        cache.put("live", live);
        cache.put("dead", dead);
        assertThat(cache.get("live")).contains(live);
        assertThat(cache.get("dead")).isEmpty();
    }

    @Test
    void theCacheIsBounded() {
        TokenCache cache = new TokenCache(2, Clock.systemUTC());
        Caller c = new Caller("a", "a", java.util.Set.of(), java.util.Optional.empty(), Instant.now().plusSeconds(60));
        cache.put("1", c);
        cache.put("2", c);
        cache.put("3", c);
        assertThat(cache.size()).isEqualTo(2);
        // Caffeine chooses which entry leaves (frequency, then recency): one of the three, never none.
        assertThat(java.util.stream.Stream.of("1", "2", "3").filter(k -> cache.get(k).isPresent())).hasSize(2);
        assertThat(TokenCache.key("token")).hasSize(64).doesNotContain("token");
    }
}
