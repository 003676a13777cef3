package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.access.ConsentSnapshot;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A record as one query returns it: its consent snapshot and (when asked for) its documents. */
record RecordView(ConsentSnapshot snapshot, List<Doc> documents) {

    /** One document's stored metadata; {@code title} is still sealed. */
    record Doc(UUID id, String classCode, Optional<String> author, Instant depositedAt, boolean masked,
               boolean withheld, Optional<Instant> releasedAt, String contentType, long size, byte[] title,
               String status, Optional<UUID> replaces, boolean confidentialFromRepresentatives) {

        DocumentFacts facts() {
            return new DocumentFacts(id.toString(), DocumentClass.fromLoinc(classCode), author.map(Rpps::new),
                    depositedAt, masked, withheld, releasedAt, confidentialFromRepresentatives);
        }
    }

    /** The snapshot and, if {@code withDocuments}, the parallel arrays {@code ids .. titles}, by column name. */
    static RecordView from(Row r, boolean withDocuments) {
        return new RecordView(ConsentSnapshot.from(r), withDocuments ? documents(r) : List.of());
    }

    UUID recordId() {
        return snapshot.recordId();
    }

    byte[] wrappedKey() {
        return snapshot.wrappedKey();
    }

    RecordState state() {
        return snapshot.state();
    }

    private static List<Doc> documents(Row r) {
        Facts f = Facts.of(r, "");
        if (f == null) {
            return List.of();
        }
        String[] types = r.getArrayOfStrings("types");
        Long[] sizes = r.getArrayOfLongs("sizes");
        Buffer[] titles = r.getArrayOfBuffers("titles");
        // Status and replacement: only the statements that need them select them (not the JSON list's hot path).
        String[] statuses = r.getColumnIndex("statuses") < 0 ? null : r.getArrayOfStrings("statuses");
        UUID[] replaced = r.getColumnIndex("replaced") < 0 ? null : r.getArrayOfUUIDs("replaced");
        // Confidential from representatives: selected where a patient-space actor may read (list, one document);
        // elsewhere absent, which no representative reaches.
        Boolean[] confidential = r.getColumnIndex("confidential") < 0 ? null : r.getArrayOfBooleans("confidential");
        List<Doc> docs = new ArrayList<>(f.ids.length);
        for (int i = 0; i < f.ids.length; i++) {
            docs.add(new Doc(f.ids[i], f.classes[i], Optional.ofNullable(f.authors[i]), f.deposited[i].toInstant(),
                    f.masked[i], f.withheld[i], Optional.ofNullable(f.released[i]).map(OffsetDateTime::toInstant),
                    types[i], sizes[i], titles[i].getBytes(),
                    statuses == null ? DocumentSummary.CURRENT : statuses[i],
                    Optional.ofNullable(replaced == null ? null : replaced[i]),
                    confidential != null && Boolean.TRUE.equals(confidential[i])));
        }
        return docs;
    }

    /**
     * The consent facts of the documents in the parallel arrays whose columns are named {@code prefix} + {@code ids,
     * classes, authors, deposited, masked, withheld, released} (a search's total reads them as {@code counted_…}).
     */
    static List<DocumentFacts> facts(Row r, String prefix) {
        Facts f = Facts.of(r, prefix);
        if (f == null) {
            return List.of();
        }
        List<DocumentFacts> facts = new ArrayList<>(f.ids.length);
        for (int i = 0; i < f.ids.length; i++) {
            facts.add(new DocumentFacts(f.ids[i].toString(), DocumentClass.fromLoinc(f.classes[i]),
                    Optional.ofNullable(f.authors[i]).map(Rpps::new), f.deposited[i].toInstant(), f.masked[i],
                    f.withheld[i], Optional.ofNullable(f.released[i]).map(OffsetDateTime::toInstant)));
        }
        return facts;
    }

    /** The one reader of the consent facts' columns. */
    private record Facts(UUID[] ids, String[] classes, String[] authors, OffsetDateTime[] deposited, Boolean[] masked,
                         Boolean[] withheld, OffsetDateTime[] released) {
        /** Null when the record has no such documents (the aggregate is NULL). */
        static Facts of(Row r, String prefix) {
            UUID[] ids = r.getArrayOfUUIDs(prefix + "ids");
            return ids == null ? null : new Facts(ids, r.getArrayOfStrings(prefix + "classes"),
                    r.getArrayOfStrings(prefix + "authors"), r.getArrayOfOffsetDateTimes(prefix + "deposited"),
                    r.getArrayOfBooleans(prefix + "masked"), r.getArrayOfBooleans(prefix + "withheld"),
                    r.getArrayOfOffsetDateTimes(prefix + "released"));
        }
    }

    List<DocumentFacts> facts() {
        List<DocumentFacts> facts = new ArrayList<>(documents.size());
        for (Doc d : documents) {
            facts.add(d.facts());
        }
        return facts;
    }
}
