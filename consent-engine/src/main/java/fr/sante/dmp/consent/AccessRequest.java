package fr.sante.dmp.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One question to the consent engine: may {@code actor} do {@code action} on a record in {@code state} with the
 * patient's {@code consent}, for {@code purpose}, at {@code at}?
 *
 * @param reason the professional's stated reason, required for {@link Purpose#BREAK_GLASS}
 */
public record AccessRequest(
        Actor actor,
        Action action,
        RecordState state,
        ConsentSettings consent,
        Purpose purpose,
        Optional<String> reason,
        Instant at) {

    public AccessRequest {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
