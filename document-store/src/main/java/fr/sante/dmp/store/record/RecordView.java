package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A record as one query returns it: state, wrapped key, consent settings, and (when asked for) its documents. */
record RecordView(UUID recordId, RecordState state, byte[] wrappedKey, ConsentSettings consent, List<Doc> documents) {

    /** One document's stored metadata; {@code title} is still sealed. */
    record Doc(UUID id, String classCode, Optional<String> author, Instant depositedAt, boolean masked,
               boolean withheld, Optional<Instant> releasedAt, String contentType, long size, byte[] title) {

        DocumentFacts facts() {
            return new DocumentFacts(id.toString(), DocumentClass.fromLoinc(classCode), author.map(Rpps::new),
                    depositedAt, masked, withheld, releasedAt);
        }
    }

    /** Reads columns 0..6 and, if {@code withDocuments}, the parallel arrays in columns 7..16. */
    static RecordView from(Row r, boolean withDocuments) {
        Buffer wrapped = r.getBuffer(2);
        String treating = r.getString(3);
        Boolean opposed = r.getBoolean(4);
        ConsentSettings consent = new ConsentSettings(
                rppsSet(r.getArrayOfStrings(5)),
                Optional.ofNullable(treating).map(Rpps::new),
                Boolean.TRUE.equals(opposed),
                rppsSet(r.getArrayOfStrings(6)));
        List<Doc> docs = withDocuments ? documents(r) : List.of();
        return new RecordView(r.getUUID(0), RecordState.valueOf(r.getString(1)),
                wrapped == null ? null : wrapped.getBytes(), consent, docs);
    }

    private static List<Doc> documents(Row r) {
        UUID[] ids = r.getArrayOfUUIDs(7);
        if (ids == null) {
            return List.of();
        }
        String[] classes = r.getArrayOfStrings(8);
        String[] authors = r.getArrayOfStrings(9);
        OffsetDateTime[] deposited = r.getArrayOfOffsetDateTimes(10);
        Boolean[] masked = r.getArrayOfBooleans(11);
        Boolean[] withheld = r.getArrayOfBooleans(12);
        OffsetDateTime[] released = r.getArrayOfOffsetDateTimes(13);
        String[] types = r.getArrayOfStrings(14);
        Long[] sizes = r.getArrayOfLongs(15);
        Buffer[] titles = r.getArrayOfBuffers(16);
        List<Doc> docs = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            docs.add(new Doc(ids[i], classes[i], Optional.ofNullable(authors[i]), deposited[i].toInstant(),
                    masked[i], withheld[i], Optional.ofNullable(released[i]).map(OffsetDateTime::toInstant),
                    types[i], sizes[i], titles[i].getBytes()));
        }
        return docs;
    }

    List<DocumentFacts> facts() {
        List<DocumentFacts> facts = new ArrayList<>(documents.size());
        for (Doc d : documents) {
            facts.add(d.facts());
        }
        return facts;
    }

    private static Set<Rpps> rppsSet(String[] values) {
        if (values == null || values.length == 0) {
            return Set.of();
        }
        Set<Rpps> set = new HashSet<>(values.length * 2);
        for (String v : values) {
            set.add(new Rpps(v));
        }
        return set;
    }
}
