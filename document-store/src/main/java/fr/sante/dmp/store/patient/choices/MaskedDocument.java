package fr.sante.dmp.store.patient.choices;

import fr.sante.dmp.store.record.DocumentSummary;
import java.util.Optional;

/**
 * A document just masked or unmasked, read back by the change's own statement: enough for the patient space to show
 * its row again without loading the record a second time.
 *
 * @param document               its summary (title decrypted), or empty when the actor's list does not show it (a
 *                               document its author still withholds from the patient)
 * @param treatingDoctor         whether the record names a treating doctor, who still sees a masked document
 * @param emergencyAccessOpposed whether the patient opposed emergency access, which otherwise still sees it
 */
public record MaskedDocument(Optional<DocumentSummary> document, boolean treatingDoctor,
        boolean emergencyAccessOpposed) {
}
