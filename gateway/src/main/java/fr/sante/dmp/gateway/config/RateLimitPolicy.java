package fr.sante.dmp.gateway.config;

/**
 * DMP_RATE_LIMIT_POLICY: where a professional's token bucket decides (the distinct-patient quota is exact in both).
 * {@code local} (the default, as Kong's local policy): in this process, with no Redis round trip on the request path;
 * what each process took is shared through Redis in the background, several times a second, so that instances lower
 * each other's budget. Several instances may then let a client through up to (instances − 1) × rate × the exchange
 * period above the limit before they see each other's share; one instance alone is exact. {@code redis}: every request
 * asks the bucket in Redis, exact across instances, one round trip per request.
 */
public enum RateLimitPolicy {
    LOCAL, REDIS;

    public static final String VARIABLE = "DMP_RATE_LIMIT_POLICY";

    static RateLimitPolicy parse(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "local" -> LOCAL;
            case "redis" -> REDIS;
            default -> throw new ConfigException(VARIABLE + ": must be local or redis");
        };
    }
}
