package fr.sante.dmp.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * The abuse guards' settings (docs/RELIABILITY.md, "Abuse guards and transport").
 *
 * @param distinctPatientsPerDay DMP_DISTINCT_PATIENTS_PER_DAY: distinct patients one professional may open per UTC day
 *                               (lists, break-glass, care history) before a 429 {@code patient-quota-exceeded}
 * @param breakGlassTtl          DMP_BREAK_GLASS_TTL (ISO-8601, at most PT24H, default PT4H): how long an emergency
 *                               access lets its professional open the patient's documents
 * @param smsPerNumberPerDay     DMP_OTP_SMS_PER_NUMBER_PER_DAY: one-time-code SMS one phone number may receive per day
 * @param smsDailyBudget         DMP_OTP_SMS_DAILY_BUDGET: one-time-code SMS the whole platform sends per day; past it
 *                               the breaker is open until midnight UTC (codes go by e-mail where there is one)
 * @param smsCountries           DMP_OTP_SMS_COUNTRIES: E.164 prefixes one-time codes may be texted to (comma-separated)
 * @param trustedProxies         DMP_TRUSTED_PROXIES: addresses of reverse proxies whose X-Forwarded-For is believed;
 *                               empty: the TCP peer is the client
 * @param maxInFlight            DMP_MAX_IN_FLIGHT: professional API requests one instance serves at once; past it a
 *                               503 {@code overloaded} with {@code Retry-After: 1} (guard.InFlightLimit)
 * @param rateLimitPolicy        DMP_RATE_LIMIT_POLICY ({@link RateLimitPolicy}, default local): where the token bucket
 *                               decides
 */
public record Guards(
        int distinctPatientsPerDay,
        Duration breakGlassTtl,
        int smsPerNumberPerDay,
        int smsDailyBudget,
        List<String> smsCountries,
        List<String> trustedProxies,
        int maxInFlight,
        RateLimitPolicy rateLimitPolicy) {

    public static final String DISTINCT_PATIENTS_PER_DAY = "DMP_DISTINCT_PATIENTS_PER_DAY";
    public static final String BREAK_GLASS_TTL = "DMP_BREAK_GLASS_TTL";
    public static final String SMS_PER_NUMBER_PER_DAY = "DMP_OTP_SMS_PER_NUMBER_PER_DAY";
    public static final String SMS_DAILY_BUDGET = "DMP_OTP_SMS_DAILY_BUDGET";
    public static final String SMS_COUNTRIES = "DMP_OTP_SMS_COUNTRIES";
    public static final String TRUSTED_PROXIES = "DMP_TRUSTED_PROXIES";
    public static final String MAX_IN_FLIGHT = "DMP_MAX_IN_FLIGHT";

    /**
     * Metropolitan France and the overseas departments and territories, by their own country calling codes: +262
     * (Réunion, and Mayotte since 2007), +508, +590, +594, +596, +681, +687, +689. Not +269: that is the Comoros now
     * (GuardsConfigTest checks the list against libphonenumber's regions).
     */
    public static final String FRENCH_PREFIXES = "+33,+262,+508,+590,+594,+596,+681,+687,+689";
    public static final Duration MAX_BREAK_GLASS_TTL = Duration.ofHours(24);

    public Guards {
        smsCountries = List.copyOf(smsCountries);
        trustedProxies = List.copyOf(trustedProxies);
        if (breakGlassTtl.isNegative() || breakGlassTtl.isZero() || breakGlassTtl.compareTo(MAX_BREAK_GLASS_TTL) > 0) {
            throw new ConfigException(BREAK_GLASS_TTL + ": must be positive and at most PT24H");
        }
        for (String prefix : smsCountries) {
            if (!prefix.matches("\\+[1-9][0-9]{0,3}")) {
                throw new ConfigException(SMS_COUNTRIES + ": each entry must be an E.164 prefix such as +33");
            }
        }
    }

    /** Whether a one-time code may be texted to this E.164 number. */
    public boolean smsAllowedTo(String phone) {
        return smsCountries.stream().anyMatch(phone::startsWith);
    }
}
