package fr.sante.dmp.consent;

import java.time.Period;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How care contexts work (policy {@code settings.careContext}): how long one lasts, per profession, and whether
 * practice software may open one by declaration alone (without the patient's card, code or grant).
 *
 * @param declared whether a declared context (reason only) is accepted; off by default
 * @param defaultDuration the lifetime of a context for a profession without its own entry
 * @param byProfession the professions with their own lifetime (pharmacists: 3 days by default)
 */
public record CareContextPolicy(boolean declared, Period defaultDuration, Map<Profession, Period> byProfession) {

    public CareContextPolicy {
        Objects.requireNonNull(defaultDuration, "defaultDuration");
        byProfession = byProfession.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byProfession));
    }

    /** The lifetime of a context this profession opens. */
    public Period duration(Profession profession) {
        return byProfession.getOrDefault(profession, defaultDuration);
    }
}
