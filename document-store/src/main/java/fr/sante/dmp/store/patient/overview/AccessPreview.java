package fr.sante.dmp.store.patient.overview;

import java.util.List;
import java.util.UUID;

/** The consent engine's answer, per document, for a chosen profession: what it would see and why. */
public record AccessPreview(String professionCode, List<Item> items) {

    public record Item(UUID documentId, String title, String classCode, boolean visible, String ruleId,
                       String reasonFr, String reasonEn) {
    }
}
