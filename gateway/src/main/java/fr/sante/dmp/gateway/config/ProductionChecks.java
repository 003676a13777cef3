package fr.sante.dmp.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What production mode ({@link Mode#PRODUCTION}) refuses, each named with the variable that fixes it: the development
 * issuer (it gives anyone any identity), the dev inbox (every code and message readable on loopback), /metrics on the
 * public port. The database and Redis are probed at start-up by {@code Platform} (a database that accepts any password,
 * a Redis that answers without one) and their findings join these.
 */
public final class ProductionChecks {

    private ProductionChecks() {
    }

    /** The configuration's own problems; empty in development mode. */
    public static List<String> of(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.mode() != Mode.PRODUCTION) {
            return problems;
        }
        if (config.embeddedIssuer()) {
            problems.add(GatewayConfig.OIDC_ISSUER + ": set the identity provider's issuer URL (the development"
                    + " issuer gives anyone any identity)");
        }
        if (config.embeddedMessaging()) {
            problems.add(GatewayConfig.SMPP_URL + " / " + GatewayConfig.SMTP_URL + ": set the SMS provider and the"
                    + " mail relay (the development inbox shows every code and message)");
        }
        if (config.metricsPort().isEmpty()) {
            problems.add(GatewayConfig.METRICS_PORT + ": give /metrics a port of its own (it is not served on the"
                    + " public port in production)");
        }
        if (config.redisUrl().isPresent() && !GatewayConfig.redisAddresses(config.redisUrl().get()).stream()
                .allMatch(ProductionChecks::redisHasPassword)) {
            problems.add(GatewayConfig.REDIS_URL + ": Redis needs a password in every address"
                    + " (redis://:password@host:port or rediss://)");
        }
        return problems;
    }

    /** Refuses to start with these problems, naming every one. */
    public static void refuseIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigException(Mode.VARIABLE + "=production refuses to start (set " + Mode.VARIABLE
                    + "=development for a developer's machine):\n  - " + String.join("\n  - ", problems));
        }
    }

    /** {@code redis[s]://[user]:password@host...}: a non-empty password in the user information. */
    static boolean redisHasPassword(String url) {
        try {
            String userInfo = java.net.URI.create(url).getRawUserInfo();
            return userInfo != null && userInfo.indexOf(':') >= 0 && userInfo.indexOf(':') < userInfo.length() - 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
