package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.store.record.NewDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * An ITI-65 transaction Bundle read into the store's documents, or a 400 naming the first entry at fault: a
 * transaction of POST entries with distinct fullUrls, one SubmissionSet List, DocumentReferences whose content is a
 * Binary of the bundle (by its fullUrl) or inline data, all about one patient named by INS-NIR, the List carrying
 * IHE's sourceId, and
 * {@code relatesTo.code = replaces} naming an earlier DocumentReference of this server.
 */
record ProvideBundle(Ins ins, String sourceId, List<NewDocument> documents,
                     List<Bundle.BundleEntryComponent> entries, List<Integer> documentEntries,
                     int submissionSetEntry) {
    /** IHE's sourceId: the submitting source's id, which MHD requires on every SubmissionSet (1..1). */
    static final String SOURCE_ID = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId";

    static ProvideBundle read(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw Identifiers.invalid("Bundle.type", "must be transaction (ITI-65 Provide Document Bundle)");
        }
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        Map<String, Resource> byFullUrl = new HashMap<>();
        int lists = 0;
        for (int i = 0; i < entries.size(); i++) {
            Bundle.BundleEntryComponent e = entries.get(i);
            String where = "Bundle.entry[" + i + "]";
            if (!e.hasFullUrl()) {
                throw Identifiers.invalid(where + ".fullUrl", "every entry has a fullUrl");
            }
            if (byFullUrl.put(e.getFullUrl(), e.getResource()) != null) {
                throw Identifiers.invalid(where + ".fullUrl", "duplicate fullUrl in the bundle");
            }
            if (!e.hasResource()) {
                throw Identifiers.invalid(where + ".resource", "every entry holds a resource");
            }
            if (!e.hasRequest() || e.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                throw Identifiers.invalid(where + ".request.method", "must be POST (new resources only)");
            }
            Resource r = e.getResource();
            if (r instanceof ListResource) {
                lists++;
            } else if (!(r instanceof DocumentReference) && !(r instanceof Binary)) {
                throw Identifiers.invalid(where + ".resource", "must be a List, a DocumentReference or a Binary");
            }
        }
        if (lists != 1) {
            throw Identifiers.invalid("Bundle.entry", "exactly one SubmissionSet List is required");
        }
        Ins ins = null;
        String sourceId = null;
        int submissionSetEntry = -1;
        List<NewDocument> documents = new ArrayList<>();
        List<Integer> documentEntries = new ArrayList<>();
        Set<String> usedBinaries = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Resource r = entries.get(i).getResource();
            String where = "Bundle.entry[" + i + "].resource";
            if (r instanceof ListResource list) {
                submissionSetEntry = i;
                sourceId = sourceId(list, where);
                if (list.hasSubject()) {
                    ins = samePatient(ins, patient(list.getSubject(), where + ".subject"), where + ".subject");
                }
            }
            if (!(r instanceof DocumentReference d)) {
                continue;
            }
            ins = samePatient(ins, patient(d.getSubject(), where + ".subject"), where + ".subject");
            documents.add(document(d, where, byFullUrl, usedBinaries));
            documentEntries.add(i);
        }
        if (documents.isEmpty()) {
            throw Identifiers.invalid("Bundle.entry", "at least one DocumentReference is required");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getResource() instanceof Binary && !usedBinaries.contains(entries.get(i).getFullUrl())) {
                throw Identifiers.invalid("Bundle.entry[" + i + "]", "a Binary that no DocumentReference uses");
            }
        }
        return new ProvideBundle(ins, sourceId, documents, entries, documentEntries, submissionSetEntry);
    }

    private static String sourceId(ListResource list, String where) {
        // getExtensionByUrl throws on a repeated extension: the bundle's own mistake, answered as such.
        List<Extension> found = list.getExtensionsByUrl(SOURCE_ID);
        if (found.size() > 1) {
            throw Identifiers.invalid(where + ".extension", "the SubmissionSet has one sourceId (" + SOURCE_ID
                    + "), not " + found.size());
        }
        Extension e = found.isEmpty() ? null : found.get(0);
        if (e == null || !(e.getValue() instanceof Identifier id) || !id.hasValue() || id.getValue().isBlank()) {
            throw Identifiers.invalid(where + ".extension", "the SubmissionSet's sourceId (" + SOURCE_ID
                    + ", an Identifier) is required");
        }
        if (id.getValue().length() > 256) {
            throw Identifiers.invalid(where + ".extension", "the sourceId is at most 256 characters");
        }
        return id.getValue();
    }

    private static Ins samePatient(Ins known, Ins named, String where) {
        if (known != null && !known.equals(named)) {
            throw Identifiers.invalid(where, "a bundle is about one patient");
        }
        return named;
    }

    private static Ins patient(Reference subject, String where) {
        if (subject == null || subject.isEmpty()) {
            throw Identifiers.invalid(where, "the patient is required (identifier " + Identifiers.INS_NIR + ")");
        }
        if (subject.hasIdentifier()) {
            Identifier id = subject.getIdentifier();
            if (!Identifiers.INS_NIR.equals(id.getSystem())) {
                throw Identifiers.invalid(where + ".identifier.system", "must be the INS-NIR " + Identifiers.INS_NIR);
            }
            return Identifiers.ins(where + ".identifier.value", id.getValue());
        }
        if (subject.hasReference()) {
            return Identifiers.patientReference(where + ".reference", subject.getReference());
        }
        throw Identifiers.invalid(where, "the patient is named by its INS-NIR identifier or Patient/<INS>");
    }

    private static NewDocument document(DocumentReference d, String where, Map<String, Resource> byFullUrl,
                                        Set<String> usedBinaries) {
        if (d.hasStatus() && d.getStatus() != org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT) {
            throw Identifiers.invalid(where + ".status", "a new document is current");
        }
        DocumentClass documentClass = documentClass(d, where);
        if (d.getContent().size() != 1) {
            throw Identifiers.invalid(where + ".content", "exactly one content is required");
        }
        Attachment a = d.getContentFirstRep().getAttachment();
        String contentType = a.getContentType();
        byte[] content;
        if (a.hasData()) {
            content = a.getData();
        } else if (a.hasUrl()) {
            Resource target = byFullUrl.get(a.getUrl());
            if (!(target instanceof Binary binary)) {
                throw Identifiers.invalid(where + ".content.attachment.url", "must be the fullUrl of a Binary entry");
            }
            usedBinaries.add(a.getUrl());
            content = binary.getData();
            if (contentType == null) {
                contentType = binary.getContentType();
            }
        } else {
            throw Identifiers.invalid(where + ".content.attachment", "needs a url to a Binary entry or data");
        }
        if (content == null || content.length == 0) {
            throw Identifiers.invalid(where + ".content", "the document has no content");
        }
        if (contentType == null) {
            throw Identifiers.invalid(where + ".content.attachment.contentType", "is required");
        }
        String title = d.hasDescription() ? d.getDescription() : a.getTitle();
        if (title == null || title.isBlank()) {
            throw Identifiers.invalid(where + ".description", "a title is required (description or attachment.title)");
        }
        boolean secret = d.getSecurityLabel().stream().flatMap(label -> label.getCoding().stream())
                .anyMatch(c -> DocumentReferences.REPRESENTATIVES_LABEL_SYSTEM.equals(c.getSystem())
                        && DocumentReferences.CONFIDENTIAL_FROM_REPRESENTATIVES.equals(c.getCode()));
        return new NewDocument(documentClass, title, contentType, content, false, replaces(d, where), secret);
    }

    private static DocumentClass documentClass(DocumentReference d, String where) {
        for (Coding c : d.getType().getCoding()) {
            if (DocumentReferences.LOINC.equals(c.getSystem())) {
                try {
                    return DocumentClass.fromLoinc(c.getCode());
                } catch (InvalidIdentifierException e) {
                    throw Identifiers.invalid(where + ".type", "this LOINC document type is not accepted here");
                }
            }
        }
        throw Identifiers.invalid(where + ".type", "a LOINC (" + DocumentReferences.LOINC + ") type is required");
    }

    private static Optional<UUID> replaces(DocumentReference d, String where) {
        Optional<UUID> replaced = Optional.empty();
        for (DocumentReference.DocumentReferenceRelatesToComponent r : d.getRelatesTo()) {
            if (r.getCode() != DocumentReference.DocumentRelationshipType.REPLACES) {
                throw Identifiers.invalid(where + ".relatesTo.code", "only replaces is supported");
            }
            if (replaced.isPresent()) {
                throw Identifiers.invalid(where + ".relatesTo", "a document replaces at most one");
            }
            String ref = r.getTarget().getReference();
            int at = ref == null ? -1 : ref.lastIndexOf("DocumentReference/");
            try {
                if (at < 0) {
                    throw new IllegalArgumentException("not a DocumentReference");
                }
                replaced = Optional.of(UUID.fromString(ref.substring(at + "DocumentReference/".length())
                        .split("/", 2)[0]));
            } catch (RuntimeException e) {
                throw Identifiers.invalid(where + ".relatesTo.target",
                        "must reference DocumentReference/<id> of this server");
            }
        }
        return replaced;
    }
}
