package fr.sante.dmp.gateway.config;

/**
 * DMP_MODE. {@code development}: anything goes (the development issuer, the dev inbox, embedded services, /metrics on
 * the public port); the default when no external database is configured, i.e. {@code ./dmp run}. {@code production}:
 * the default as soon as DMP_PG_URL is set; the platform refuses to start with anything that is only fit for a
 * developer's machine ({@link ProductionChecks}).
 */
public enum Mode {
    DEVELOPMENT, PRODUCTION;

    public static final String VARIABLE = "DMP_MODE";

    static Mode parse(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "development" -> DEVELOPMENT;
            case "production" -> PRODUCTION;
            default -> throw new ConfigException(VARIABLE + ": must be development or production");
        };
    }
}
