package fr.sante.dmp.gateway.config;

/**
 * DMP_RATE_LIMIT_POLICY: where a professional's token bucket decides (the distinct-patient quota is exact in both).
 * {@code local} (the default, as Kong's local policy): in this process, with no Redis round trip on the request path;
 * what each process took is shared through Redis in the background, four times a second, and each of the k instances
 * serving a client keeps 1/k of what is left, refilling at 1/k of the rate ({@code ratelimit.SharedBuckets}). A client
 * may get one burst more per instance it newly comes to, and instances see each other's use one exchange late; one
 * instance alone is exact. {@code redis}: every request
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
