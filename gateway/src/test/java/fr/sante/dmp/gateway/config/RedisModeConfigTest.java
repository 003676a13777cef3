package fr.sante.dmp.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.gateway.RedisConnections;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisModeConfigTest {

    @Test
    void aSingleUrlIsAStandaloneServerAsBefore() {
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_REDIS_URL", "redis://:pw@cache:6379"));
        assertThat(c.redisMode()).isEqualTo(RedisMode.STANDALONE);
        RedisOptions o = RedisConnections.options(c.redisUrl().get(), c.redisMode(), c.redisMaster(), c.redisCa());
        assertThat(o.getType()).isEqualTo(RedisClientType.STANDALONE);
        assertThat(o.getEndpoints()).containsExactly("redis://:pw@cache:6379");
    }

    @Test
    void clusterSeedsAreEveryCommaSeparatedAddress() {
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_REDIS_URL", "redis://:pw@a:7000, redis://:pw@b:7001,",
                "DMP_REDIS_MODE", "cluster"));
        RedisOptions o = RedisConnections.options(c.redisUrl().get(), c.redisMode(), c.redisMaster(), Optional.empty());
        assertThat(o.getType()).isEqualTo(RedisClientType.CLUSTER);
        assertThat(o.getEndpoints()).containsExactly("redis://:pw@a:7000", "redis://:pw@b:7001");
    }

    @Test
    void sentinelModeAsksForTheNamedMaster() {
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_REDIS_URL", "redis://:pw@s1:26379,redis://:pw@s2:26379",
                "DMP_REDIS_MODE", "SENTINEL", "DMP_REDIS_MASTER", "dmp"));
        RedisOptions o = RedisConnections.options(c.redisUrl().get(), c.redisMode(), c.redisMaster(), Optional.empty());
        assertThat(o.getType()).isEqualTo(RedisClientType.SENTINEL);
        assertThat(o.getMasterName()).isEqualTo("dmp");
        assertThat(o.getRole()).isEqualTo(RedisRole.MASTER);
        assertThat(o.getEndpoints()).hasSize(2);
    }

    @Test
    void severalAddressesWithoutAModeAreRefusedRatherThanSilentlyUsingTheFirst() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_REDIS_URL", "redis://a:1,redis://b:2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DMP_REDIS_MODE");
    }

    @Test
    void clusterWithoutAddressesIsRefused() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_REDIS_MODE", "cluster")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DMP_REDIS_URL");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_REDIS_URL", "redis://a:1", "DMP_REDIS_MODE", "ring")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("standalone, cluster or sentinel");
    }

    @Test
    void productionWantsAPasswordInEveryAddress() {
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_REDIS_URL", "redis://:pw@a:7000,redis://b:7001",
                "DMP_REDIS_MODE", "cluster", "DMP_MODE", "production"));
        assertThat(ProductionChecks.of(c)).anyMatch(p -> p.startsWith("DMP_REDIS_URL"));
    }
}
