package fr.sante.dmp.store.record;

/**
 * One of the patient's documents as the document page shows it, from the read's one query: its content, and who still
 * sees it when masked (the treating doctor; break-glass unless the patient opposed emergency access).
 */
public record OwnDocument(DocumentContent content, boolean treatingDoctor, boolean emergencyAccessOpposed) {
}
