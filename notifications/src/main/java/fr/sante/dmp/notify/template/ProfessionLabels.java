package fr.sante.dmp.notify.template;

import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.notify.outbox.Language;
import java.util.EnumMap;
import java.util.Map;

/**
 * Profession labels for the alert templates, in GSM-7 characters only (é è à are in it) so that an SMS stays one
 * encoding. The same words as the patient space's {@code profession.*} messages, which live in web-pwa (above this
 * module), hence the copy.
 */
final class ProfessionLabels {
    private static final Map<Profession, String[]> LABELS = new EnumMap<>(Map.ofEntries(
            Map.entry(Profession.PHYSICIAN, new String[] {"Médecin", "Physician"}),
            Map.entry(Profession.PHARMACIST, new String[] {"Pharmacien", "Pharmacist"}),
            Map.entry(Profession.DENTIST, new String[] {"Chirurgien-dentiste", "Dentist"}),
            Map.entry(Profession.MIDWIFE, new String[] {"Sage-femme", "Midwife"}),
            Map.entry(Profession.NURSE, new String[] {"Infirmier", "Nurse"}),
            Map.entry(Profession.PHYSIOTHERAPIST, new String[] {"Masseur-kinésithérapeute", "Physiotherapist"}),
            Map.entry(Profession.PODIATRIST, new String[] {"Pédicure-podologue", "Podiatrist"}),
            Map.entry(Profession.SPEECH_THERAPIST, new String[] {"Orthophoniste", "Speech therapist"}),
            Map.entry(Profession.ORTHOPTIST, new String[] {"Orthoptiste", "Orthoptist"}),
            Map.entry(Profession.PSYCHOLOGIST, new String[] {"Psychologue", "Psychologist"}),
            Map.entry(Profession.OCCUPATIONAL_THERAPIST, new String[] {"Ergothérapeute", "Occupational therapist"}),
            Map.entry(Profession.DIETITIAN, new String[] {"Diététicien", "Dietitian"}),
            Map.entry(Profession.PSYCHOMOTOR_THERAPIST, new String[] {"Psychomotricien", "Psychomotor therapist"}),
            Map.entry(Profession.RADIOGRAPHER, new String[] {"Manipulateur d'électroradiologie", "Radiographer"})));

    private ProfessionLabels() {
    }

    static boolean known(String code) {
        try {
            return LABELS.containsKey(Profession.fromCode(code));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String label(String code, Language language) {
        return LABELS.get(Profession.fromCode(code))[language == Language.fr ? 0 : 1];
    }
}
