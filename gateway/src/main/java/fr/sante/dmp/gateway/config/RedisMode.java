package fr.sante.dmp.gateway.config;

import io.vertx.redis.client.RedisClientType;

/**
 * DMP_REDIS_MODE: how the addresses of DMP_REDIS_URL (comma-separated) are read. {@code standalone} (the default): one
 * server, the first address. {@code cluster}: seed nodes of a Redis Cluster; the client learns the slots from any of
 * them and follows the failovers. {@code sentinel}: Sentinels watching the master named by DMP_REDIS_MASTER; the client
 * asks them for the current master. Every multi-key script hash-tags its keys, so the same scripts run in all three.
 */
public enum RedisMode {
    STANDALONE(RedisClientType.STANDALONE), CLUSTER(RedisClientType.CLUSTER), SENTINEL(RedisClientType.SENTINEL);

    public static final String VARIABLE = "DMP_REDIS_MODE";

    private final RedisClientType type;

    RedisMode(RedisClientType type) {
        this.type = type;
    }

    public RedisClientType clientType() {
        return type;
    }

    static RedisMode parse(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "standalone" -> STANDALONE;
            case "cluster" -> CLUSTER;
            case "sentinel" -> SENTINEL;
            default -> throw new ConfigException(VARIABLE + ": must be standalone, cluster or sentinel");
        };
    }
}
