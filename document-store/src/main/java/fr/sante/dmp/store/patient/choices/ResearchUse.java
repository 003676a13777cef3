package fr.sante.dmp.store.patient.choices;

import fr.sante.dmp.consent.ResearchUseDefault;
import java.time.Instant;
import java.util.Optional;

/**
 * The person's research-use choice as they see it: whether their data may go into research extracts
 * ({@code objected} false) and whether that is their own choice ({@code chosenAt}) or the policy's default.
 */
public record ResearchUse(boolean objected, Optional<Instant> chosenAt, ResearchUseDefault policyDefault) {

    public boolean chosen() {
        return chosenAt.isPresent();
    }
}
