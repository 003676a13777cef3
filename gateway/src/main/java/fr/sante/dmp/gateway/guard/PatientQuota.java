package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.gateway.ratelimit.GuardKeys;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.store.crypto.InsHasher;
import java.util.HexFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Distinct patients per professional per UTC day, in Redis: one set per professional and day holding pseudonyms of the
 * patients opened (never an INS), expiring after two days. A patient already opened today stays open; a new one past
 * the quota is refused. This is what stops a script reading record after record with one card (the abuse Germany's
 * ePA had to close in 2024); a clinician's day is far below the default of 500. The counting runs in the rate
 * limiter's script ({@code ratelimit/guard.lua}), in the same Redis call as the token bucket; this class names what to
 * count.
 */
public final class PatientQuota {
    private static final long KEEP_SECONDS = Duration.ofDays(2).toSeconds();

    private final Pseudonyms patients;
    private final InsHasher insHasher;
    private final int perDay;
    private final Clock clock;

    /**
     * @param patients  pseudonyms of the patients' INS hashes in Redis
     * @param insHasher the store's keyed INS hash: a read by document id learns the patient from the store as this
     *                  hash only, so every claim names the patient by it, whatever the operation
     */
    public PatientQuota(Pseudonyms patients, InsHasher insHasher, int perDay, Clock clock) {
        this.patients = patients;
        this.insHasher = insHasher;
        this.perDay = perDay;
        this.clock = clock;
    }

    /** This patient (the INS of a path), for this professional, today (UTC). */
    public RateLimiter.QuotaClaim claim(String professional, Ins ins) {
        return claim(professional, insHasher.hash(ins));
    }

    /** This patient (the store's INS hash of a record), for this professional, today (UTC). */
    public RateLimiter.QuotaClaim claim(String professional, byte[] insHash) {
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        return new RateLimiter.QuotaClaim(key(professional, day), patients.of(HexFormat.of().formatHex(insHash)),
                perDay, KEEP_SECONDS);
    }

    /** The Redis set of one professional's patients of one UTC day (in the slot of the professional's bucket). */
    public static String key(String professional, String day) {
        return GuardKeys.patientsOfDay(professional, day);
    }

    /** Seconds until the quota resets (next midnight UTC). */
    public long secondsToReset() {
        var now = clock.instant().atZone(ZoneOffset.UTC);
        return Math.max(1, Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC))
                .toSeconds());
    }

    public int perDay() {
        return perDay;
    }
}
