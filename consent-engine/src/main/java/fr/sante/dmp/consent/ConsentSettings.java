package fr.sante.dmp.consent;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The patient's choices that rules read, as in force at the request's instant: professionals they blocked, their
 * treating doctor, whether they opposed emergency (break-glass) access, the occupational physicians whose express
 * consent is running (L1111-17 IV), and the professionals holding a live care context on the record. The store loads
 * only what concerns the asking professional (their own context and consent), which is all a decision reads.
 * Masking is per document, see {@link DocumentFacts#masked()}.
 */
public record ConsentSettings(
        Set<Rpps> blocked,
        Optional<Rpps> treatingDoctor,
        boolean emergencyAccessOpposed,
        Set<Rpps> expressConsents,
        Set<Rpps> careContexts) {

    public static final ConsentSettings DEFAULT = new ConsentSettings(Set.of(), Optional.empty(), false, Set.of(),
            Set.of());

    public ConsentSettings {
        blocked = Set.copyOf(Objects.requireNonNull(blocked, "blocked"));
        Objects.requireNonNull(treatingDoctor, "treatingDoctor");
        expressConsents = Set.copyOf(Objects.requireNonNull(expressConsents, "expressConsents"));
        careContexts = Set.copyOf(Objects.requireNonNull(careContexts, "careContexts"));
    }

    /** Settings without any live care context. */
    public ConsentSettings(Set<Rpps> blocked, Optional<Rpps> treatingDoctor, boolean emergencyAccessOpposed,
                           Set<Rpps> expressConsents) {
        this(blocked, treatingDoctor, emergencyAccessOpposed, expressConsents, Set.of());
    }

    /** The same settings with {@code rpps} holding a live care context (the "who sees what" preview's someone). */
    public ConsentSettings withCareContext(Rpps rpps) {
        Set<Rpps> contexts = new java.util.HashSet<>(careContexts);
        contexts.add(rpps);
        return new ConsentSettings(blocked, treatingDoctor, emergencyAccessOpposed, expressConsents, contexts);
    }

    /** Treating doctor, a live care context, or (for occupational physicians) a running express consent. */
    boolean inCareRelationship(Rpps rpps, boolean needsExpressConsent) {
        return isTreatingDoctor(rpps) || careContexts.contains(rpps)
                || (needsExpressConsent && expressConsents.contains(rpps));
    }

    public boolean isBlocked(Rpps rpps) {
        return blocked.contains(rpps);
    }

    public boolean isTreatingDoctor(Rpps rpps) {
        return treatingDoctor.map(rpps::equals).orElse(false);
    }
}
