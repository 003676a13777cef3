package fr.sante.dmp.store.record;

/** A document's decrypted content with its type. */
public record DocumentContent(DocumentSummary summary, byte[] content) {
}
