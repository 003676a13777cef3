package fr.sante.dmp.consent;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The patient's choices that rules read: professionals they blocked, their treating doctor, whether they opposed
 * emergency (break-glass) access, and the occupational physicians they expressly consented to (L1111-17 IV).
 * Masking is per document, see {@link DocumentFacts#masked()}.
 */
public record ConsentSettings(
        Set<Rpps> blocked,
        Optional<Rpps> treatingDoctor,
        boolean emergencyAccessOpposed,
        Set<Rpps> expressConsents) {

    public static final ConsentSettings DEFAULT = new ConsentSettings(Set.of(), Optional.empty(), false, Set.of());

    public ConsentSettings {
        blocked = Set.copyOf(Objects.requireNonNull(blocked, "blocked"));
        Objects.requireNonNull(treatingDoctor, "treatingDoctor");
        expressConsents = Set.copyOf(Objects.requireNonNull(expressConsents, "expressConsents"));
    }

    public boolean isBlocked(Rpps rpps) {
        return blocked.contains(rpps);
    }

    public boolean isTreatingDoctor(Rpps rpps) {
        return treatingDoctor.map(rpps::equals).orElse(false);
    }
}
