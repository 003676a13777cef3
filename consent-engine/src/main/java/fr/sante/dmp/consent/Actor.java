package fr.sante.dmp.consent;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asks: the patient-space actor (the person themself, or a representative acting for them), or a professional
 * identified by a verified token.
 */
public sealed interface Actor permits Actor.Patient, Actor.Professional {

    /**
     * The patient space of the person whose record it is ({@code ins}), used by that person, or by a representative
     * (parent, guardian, person of trust) acting for them. A representative is not a shared login: they signed in
     * with their own INS, and every rule that keeps something from representatives reads {@code representative}.
     */
    record Patient(Ins ins, Optional<Representation> representative) implements Actor {
        public Patient {
            Objects.requireNonNull(ins, "ins");
            Objects.requireNonNull(representative, "representative");
            if (representative.isPresent() && representative.get().representative().equals(ins)) {
                throw new IllegalArgumentException("a person does not represent themself");
            }
        }

        /** The person themself. */
        public Patient(Ins ins) {
            this(ins, Optional.empty());
        }

        /** A representative acting for the person {@code ins}. */
        public static Patient representedBy(Ins ins, Representation representation) {
            return new Patient(ins, Optional.of(representation));
        }

        public boolean byRepresentative() {
            return representative.isPresent();
        }
    }

    /** A health professional (or a staff member with a special {@link ActorCategory}) from a verified token. */
    record Professional(Rpps rpps, Profession profession, Optional<String> specialty, ActorCategory category)
            implements Actor {
        public Professional {
            Objects.requireNonNull(rpps, "rpps");
            Objects.requireNonNull(profession, "profession");
            Objects.requireNonNull(specialty, "specialty");
            Objects.requireNonNull(category, "category");
        }

        public static Professional of(Rpps rpps, Profession profession) {
            return new Professional(rpps, profession, Optional.empty(), ActorCategory.NONE);
        }
    }
}
