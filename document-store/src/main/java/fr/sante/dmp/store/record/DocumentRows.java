package fr.sante.dmp.store.record;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * New documents with their sealed titles and contents, as the parallel arrays of {@link RecordSql#INSERT_DOCUMENTS}:
 * the one way every deposit path (group-committed deposits, FHIR bundles) writes its rows.
 */
final class DocumentRows {
    private final List<UUID> ids = new ArrayList<>();
    private final List<UUID> records = new ArrayList<>();
    private final List<String> classes = new ArrayList<>();
    private final List<String> authors = new ArrayList<>();
    private final List<OffsetDateTime> deposited = new ArrayList<>();
    private final List<Boolean> withheld = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private final List<Buffer> titles = new ArrayList<>();
    private final List<Buffer> contents = new ArrayList<>();
    private final List<Boolean> masked = new ArrayList<>();
    private final List<Boolean> confidential = new ArrayList<>();
    private final List<UUID> replaces = new ArrayList<>();

    /**
     * {@code author} null for the patient's own document; title and content already sealed; {@code supersedes} only
     * where the path honours a replacement (bundles).
     */
    DocumentRows add(UUID id, UUID recordId, NewDocument d, String author, Instant at, boolean isMasked,
                     byte[] title, byte[] content, java.util.Optional<UUID> supersedes) {
        ids.add(id);
        records.add(recordId);
        classes.add(d.documentClass().loinc());
        authors.add(author);
        deposited.add(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        withheld.add(d.withheldFromPatient());
        types.add(d.contentType());
        sizes.add((long) d.content().length);
        titles.add(Buffer.buffer(title));
        contents.add(Buffer.buffer(content));
        masked.add(isMasked);
        replaces.add(supersedes.orElse(null));
        confidential.add(d.confidentialFromRepresentatives());
        return this;
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    Tuple tuple() {
        return Tuple.from(new Object[] {ids.toArray(UUID[]::new), records.toArray(UUID[]::new),
            classes.toArray(String[]::new), authors.toArray(String[]::new),
            deposited.toArray(OffsetDateTime[]::new), withheld.toArray(Boolean[]::new), types.toArray(String[]::new),
            sizes.toArray(Long[]::new), titles.toArray(Buffer[]::new), contents.toArray(Buffer[]::new),
            masked.toArray(Boolean[]::new), replaces.toArray(UUID[]::new), confidential.toArray(Boolean[]::new)});
    }
}
