package fr.sante.dmp.store.record;

import java.util.List;
import java.util.UUID;

/** What a bundle deposit stored: its submission set and the new documents' ids, in the bundle's order. */
public record Provided(UUID submissionSet, List<UUID> documents) {
    public Provided {
        documents = List.copyOf(documents);
    }
}
