package fr.sante.dmp.store.care;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Rpps;
import java.util.Objects;

/** What a professional's software shows to open a care context. */
public sealed interface CareProof permits CareProof.Presence, CareProof.CareCode, CareProof.Declared {

    /** How the context opened, as stored and shown to the patient. */
    String via();

    /**
     * The patient's card was read at the practice: a short-lived assertion signed by the card-reading issuer, already
     * verified (signature, issuer, expiry) by the gateway, naming the patient and the professional.
     */
    record Presence(Ins patient, Rpps professional) implements CareProof {
        public Presence {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(professional, "professional");
        }

        @Override
        public String via() {
            return "presence";
        }
    }

    /** The patient's one-time care code (6 digits, 10 minutes), typed into the software. */
    record CareCode(String code) implements CareProof {
        public CareCode {
            Objects.requireNonNull(code, "code");
        }

        @Override
        public String via() {
            return "care-code";
        }

        @Override
        public String toString() {
            return "CareCode[hidden]";
        }
    }

    /** The software declares the care relationship with a reason (only where the policy allows it). */
    record Declared(String reason) implements CareProof {
        public Declared {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String via() {
            return "declared";
        }
    }
}
