package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.DocumentSummary;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * A document's metadata as an MHD DocumentReference conforming to IHE MHD's Minimal Metadata profile
 * ({@value #MHD_MINIMAL}; the tests validate it): its id is the store's, {@code type} and {@code category} carry the
 * document class (LOINC: the store knows one class per document), the subject (and the context's source patient) is
 * the patient by INS-NIR, the author the depositing professional by IDNPS, the attachment's URL is the ITI-68 retrieve
 * ({@code Binary/<id>}), and the format IHE's "the MIME type is sufficient" (the store keeps no format code).
 *
 * <p>Not MHD's Comprehensive Metadata: that also requires {@code context.facilityType},
 * {@code context.practiceSetting} and {@code content.attachment.language}, which the store does not keep, and a
 * {@code subject} on a read by id, where the face does not know the INS (the store keeps only its keyed hash).
 */
final class DocumentReferences {
    static final String LOINC = "http://loinc.org";
    static final String URI = "urn:ietf:rfc:3986";
    /**
     * A minor's secret care on an ITI-65 DocumentReference (issue 16): a {@code securityLabel} coding of this system
     * and code makes the document confidential from the person's representatives, as the JSON API's
     * {@code confidentialFromRepresentatives}. The project's own code system: HL7's confidentiality codes say how
     * sensitive a document is, not from whom it is kept.
     */
    static final String REPRESENTATIVES_LABEL_SYSTEM = "urn:dmp:security-label";
    static final String CONFIDENTIAL_FROM_REPRESENTATIVES = "confidential-from-representatives";

    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    static final String MHD_MINIMAL =
            "https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Minimal.DocumentReference";
    /** IHE's format codes (MHD binds content.format to them), and the one for "the MIME type says it all". */
    static final String IHE_FORMAT = "http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode";
    static final String MIME_TYPE_SUFFICIENT = "urn:ihe:iti:xds:2017:mimeTypeSufficient";

    private DocumentReferences() {
    }

    /**
     * @param ins the patient when the request named them (a search); a read by id does not know the INS, which the
     *            store keeps only as a keyed hash, so that DocumentReference has no subject
     */
    static DocumentReference of(DocumentSummary d, Ins ins, String base) {
        DocumentReference r = new DocumentReference();
        r.setId(d.id().toString());
        r.getMeta().setLastUpdated(Date.from(d.depositedAt()));
        // MHD's uniqueId and entryUUID identifiers: "usual" and "official" (4.2.3 makes use 1..1).
        r.setMasterIdentifier(new Identifier().setUse(Identifier.IdentifierUse.USUAL).setSystem(URI)
                .setValue("urn:uuid:" + d.id()));
        r.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(URI).setValue("urn:uuid:" + d.id());
        r.setStatus(DocumentSummary.SUPERSEDED.equals(d.status()) ? DocumentReferenceStatus.SUPERSEDED
                : DocumentReferenceStatus.CURRENT);
        r.setType(loinc(d.classCode()));
        r.addCategory(loinc(d.classCode()));
        if (ins != null) {
            r.setSubject(patient(ins));
            r.getContext().setSourcePatientInfo(patient(ins));
        }
        r.setDate(Date.from(d.depositedAt()));
        d.authorRpps().ifPresent(rpps -> r.addAuthor(new Reference().setType("Practitioner")
                .setIdentifier(new Identifier().setSystem(Identifiers.IDNPS).setValue(Identifiers.idnps(rpps)))));
        r.setDescription(d.title());
        r.addSecurityLabel().addCoding().setSystem(CONFIDENTIALITY).setCode(d.masked() ? "R" : "N");
        d.replaces().ifPresent(old -> r.addRelatesTo()
                .setCode(DocumentReference.DocumentRelationshipType.REPLACES)
                .setTarget(new Reference("DocumentReference/" + old)));
        Attachment a = new Attachment()
                .setContentType(d.contentType())
                .setUrl(base + "/Binary/" + d.id())
                .setTitle(d.title())
                .setCreation(Date.from(d.depositedAt()));
        if (d.size() <= Integer.MAX_VALUE) {
            a.setSize((int) d.size());
        }
        r.addContent().setAttachment(a).getFormat().setSystem(IHE_FORMAT).setCode(MIME_TYPE_SUFFICIENT);
        return r;
    }

    /**
     * An ITI-67 searchset page: newest first as the store gave them, self and next links, and Bundle.total, which MHD
     * requires on every page (the whole answer's, as the door lets the caller see it).
     */
    static Bundle searchset(List<DocumentSummary> documents, int total, Ins ins, String base, String self,
                            Optional<String> next, Instant now) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.getMeta().setLastUpdated(Date.from(now));
        bundle.addLink().setRelation("self").setUrl(self);
        next.ifPresent(url -> bundle.addLink().setRelation("next").setUrl(url));
        for (DocumentSummary d : documents) {
            bundle.addEntry().setFullUrl(base + "/DocumentReference/" + d.id())
                    .setResource(of(d, ins, base))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        bundle.setTotal(total);
        return bundle;
    }

    static Reference patient(Ins ins) {
        return new Reference("Patient/" + ins.value()).setType("Patient")
                .setIdentifier(new Identifier().setSystem(Identifiers.INS_NIR).setValue(ins.value()));
    }

    static CodeableConcept loinc(String code) {
        CodeableConcept c = new CodeableConcept();
        c.addCoding().setSystem(LOINC).setCode(code);
        return c;
    }
}
