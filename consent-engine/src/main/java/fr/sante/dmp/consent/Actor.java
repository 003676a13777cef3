package fr.sante.dmp.consent;

import java.util.Objects;
import java.util.Optional;

/** Who asks: the patient themself, or a professional identified by a verified token. */
public sealed interface Actor permits Actor.Patient, Actor.Professional {

    /** The person whose record it is, authenticated in the patient space. */
    record Patient(Ins ins) implements Actor {
        public Patient {
            Objects.requireNonNull(ins, "ins");
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
