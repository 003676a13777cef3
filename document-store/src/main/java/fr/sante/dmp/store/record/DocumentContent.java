package fr.sante.dmp.store.record;

/** A document's decrypted content with its type. */
public record DocumentContent(DocumentSummary summary, byte[] content, byte[] insHash) {

    /**
     * A content without the record's INS hash. {@code insHash} is the keyed hash of the patient's INS (never the INS):
     * the gateway counts a read by document id in the professional's distinct patients of the day with it, as it
     * counts the operations that name the patient in their path.
     */
    public DocumentContent(DocumentSummary summary, byte[] content) {
        this(summary, content, new byte[0]);
    }

    /** This content with the record's INS hash. */
    public DocumentContent withInsHash(byte[] hash) {
        return new DocumentContent(summary, content, hash);
    }
}
