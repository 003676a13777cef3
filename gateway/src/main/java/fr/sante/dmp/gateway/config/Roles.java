package fr.sante.dmp.gateway.config;

import java.util.Locale;

/**
 * DMP_ROLES, or {@code ./dmp run --role}: what this process does (issue 17, item 2). {@code api} serves the HTTP API
 * and the patient space and only enqueues; {@code worker} runs the background work (the notification dispatcher, the
 * invitations' scheduler, the alert feed, the care-history purge, the audit head's signing) and serves health and
 * metrics only; {@code all} (the default, one process as before) does both. Several workers share the work through
 * leases and {@code FOR UPDATE SKIP LOCKED}, so none of it is done twice.
 *
 * @param api    serves the API and the patient space
 * @param worker runs the background work
 */
public record Roles(boolean api, boolean worker) {
    public static final String VARIABLE = "DMP_ROLES";
    public static final Roles ALL = new Roles(true, true);
    public static final Roles API = new Roles(true, false);
    public static final Roles WORKER = new Roles(false, true);

    public Roles {
        if (!api && !worker) {
            throw new ConfigException(VARIABLE + ": a process has at least one role");
        }
    }

    /** {@code api}, {@code worker}, {@code all}, or a comma-separated list of them ({@code api,worker} = all). */
    public static Roles parse(String value) {
        boolean api = false;
        boolean worker = false;
        for (String part : value.split(",", -1)) {
            switch (part.trim().toLowerCase(Locale.ROOT)) {
                case "api" -> api = true;
                case "worker" -> worker = true;
                case "all" -> {
                    api = true;
                    worker = true;
                }
                default -> throw new ConfigException(VARIABLE + " (or --role): must be api, worker or all");
            }
        }
        return new Roles(api, worker);
    }

    @Override
    public String toString() {
        return api && worker ? "all" : api ? "api" : "worker";
    }
}
