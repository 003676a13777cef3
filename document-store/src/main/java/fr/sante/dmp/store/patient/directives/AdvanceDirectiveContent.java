package fr.sante.dmp.store.patient.directives;

import java.util.Map;
import java.util.Optional;

/**
 * The official models (arrêté of 3 August 2016, R1111-18): model A (serious illness or end of life) or B (in good
 * health); wishes per life-sustaining treatment, deep and continuous sedation, free text, trusted person.
 */
public record AdvanceDirectiveContent(
        Model model,
        Map<Treatment, Wish> treatments,
        Wish deepContinuousSedation,
        String freeText,
        Optional<TrustedPerson> trustedPerson,
        boolean underLegalProtection) {

    public enum Model { A_SERIOUS_ILLNESS, B_GOOD_HEALTH }

    public enum Treatment { RESUSCITATION, VENTILATION, DIALYSIS, ARTIFICIAL_NUTRITION_HYDRATION, SURGERY }

    /** Start or continue, do not start / stop, or no stated wish. */
    public enum Wish { ACCEPT, REFUSE, NO_OPINION }

    public record TrustedPerson(String name, String contact) {
    }
}
