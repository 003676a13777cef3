package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.store.patient.directives.AdvanceDirectiveJson;
import ca.uhn.fhir.context.FhirContext;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.export.ExportedRecord;
import fr.sante.dmp.pwa.export.FhirExport;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import fr.sante.dmp.store.record.DocumentSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The whole-record export's FHIR R4 Bundle (type {@code collection}), written on the export pool's worker:
 * <ul>
 *   <li>the {@code Patient} (INS-NIR, names, the treating doctor as {@code generalPractitioner} by IDNPS);</li>
 *   <li>a {@code Consent} of scope {@code patient-privacy} with the person's choices: each blocked professional and,
 *       when opposed, emergency access ({@code BTG}) as {@code deny} provisions;</li>
 *   <li>each document's {@code DocumentReference}, by the FHIR face's own mapper ({@link DocumentReferences}), whose
 *       attachment URL is the document's path inside the ZIP;</li>
 *   <li>each version of the advance directives as a {@code Consent} of scope {@code adr} (LOINC 42348-3), its content
 *       the patient API's JSON as the source attachment;</li>
 *   <li>each access-history entry as an {@code AuditEvent} (DICOM 110110 "Patient Record", the store's action as
 *       subtype, {@code BTG} for emergency accesses, outcome 4 for a refusal with the policy's reason).</li>
 * </ul>
 * HAPI builds the Bundle in memory: its size is bounded by the history's depth (10,000 entries) and the metadata,
 * never by the documents' bytes, which stay in their own ZIP entries.
 */
public final class RecordBundle implements FhirExport {
    static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    /** Who acted, as the audit log names it: PATIENT, REPRESENTATIVE, PROFESSIONAL, OPERATOR. */
    static final String ACTOR_KIND = "urn:dmp:actor-kind";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String AUDIT_ACTION = "urn:dmp:audit-action";
    static final String RULE = "urn:dmp:consent-rule";

    private final FhirContext context;

    /** {@code context}: HAPI's R4 context (thread-safe; building one is slow, share it). */
    public RecordBundle(FhirContext context) {
        this.context = context;
    }

    @Override
    public void write(ExportedRecord record, OutputStream out) throws IOException {
        Bundle bundle = bundle(record);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        context.newJsonParser().setPrettyPrint(false).encodeResourceToWriter(bundle, writer);
        writer.flush(); // not closed: the stream is the ZIP's entry
    }

    Bundle bundle(ExportedRecord record) {
        Bundle b = new Bundle();
        b.setId(UUID.randomUUID().toString());
        b.setType(Bundle.BundleType.COLLECTION);
        b.setTimestamp(Date.from(record.exportedAt()));
        b.getIdentifier().setSystem(DocumentReferences.URI).setValue("urn:uuid:" + b.getIdElement().getIdPart());
        Ins ins = record.ins();
        add(b, patient(ins, record.overview()));
        add(b, choices(ins, record));
        for (DocumentSummary d : record.documents()) {
            DocumentReference r = DocumentReferences.of(d, ins, "");
            r.getContentFirstRep().getAttachment().setUrl(record.documentPaths().get(d.id()));
            add(b, r);
        }
        for (AdvanceDirective d : record.directives()) {
            add(b, directive(ins, d));
        }
        for (AccessHistoryPage.Entry e : record.history()) {
            add(b, audit(ins, e));
        }
        if (record.historyTruncated()) {
            b.getMeta().addTag().setSystem(AUDIT_ACTION).setCode("history-truncated")
                    .setDisplay("the access history is cut at its 10,000 most recent entries");
        }
        return b;
    }

    private static void add(Bundle b, Resource r) {
        if (!r.hasId()) {
            r.setId(UUID.randomUUID().toString());
        }
        String fullUrl = r instanceof Patient ? "Patient/" + r.getIdElement().getIdPart()
                : "urn:uuid:" + (isUuid(r.getIdElement().getIdPart()) ? r.getIdElement().getIdPart()
                : UUID.nameUUIDFromBytes(r.getIdElement().getIdPart().getBytes(StandardCharsets.UTF_8)));
        b.addEntry().setFullUrl(fullUrl).setResource(r);
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Patient patient(Ins ins, PatientOverview o) {
        Patient p = new Patient();
        p.setId(ins.value());
        p.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Identifiers.INS_NIR)
                .setValue(ins.value());
        p.addName().setFamily(o.familyName()).addGiven(o.givenName());
        p.setActive(o.state() == fr.sante.dmp.consent.RecordState.ACTIVE);
        o.treatingDoctorRpps().ifPresent(rpps -> p.addGeneralPractitioner(practitioner(rpps)));
        return p;
    }

    private static Consent choices(Ins ins, ExportedRecord record) {
        PatientOverview o = record.overview();
        Consent c = new Consent();
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.getScope().addCoding().setSystem(CONSENT_SCOPE).setCode("patient-privacy");
        c.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
        c.setPatient(DocumentReferences.patient(ins));
        c.setDateTime(Date.from(record.exportedAt()));
        c.addPolicy().setUri("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046115586"); // CSP L1111-15
        Consent.ProvisionComponent base = c.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        for (String rpps : o.blockedRpps()) {
            base.addProvision().setType(Consent.ConsentProvisionType.DENY).addActor()
                    .setRole(new org.hl7.fhir.r4.model.CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PRCP", "primary recipient")))
                    .setReference(practitioner(rpps));
        }
        if (o.emergencyAccessOpposed()) {
            base.addProvision().setType(Consent.ConsentProvisionType.DENY)
                    .addPurpose(new Coding(ACT_REASON, "BTG", "break the glass"));
        }
        return c;
    }

    private static Consent directive(Ins ins, AdvanceDirective d) {
        Consent c = new Consent();
        c.setStatus(switch (d.status()) {
            case DRAFT -> Consent.ConsentState.DRAFT;
            case SIGNED -> Consent.ConsentState.ACTIVE;
            case REVOKED -> Consent.ConsentState.INACTIVE;
        });
        c.getScope().addCoding().setSystem(CONSENT_SCOPE).setCode("adr");
        c.addCategory(DocumentReferences.loinc("42348-3"));
        c.setPatient(DocumentReferences.patient(ins));
        c.setDateTime(Date.from(d.signedAt().orElse(d.savedAt())));
        c.addPolicy().setUri("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031972362"); // CSP R1111-17
        c.addIdentifier().setSystem(AUDIT_ACTION + ":directives-version").setValue(Integer.toString(d.version()));
        c.getSourceAttachment().setContentType("application/json").setTitle("directives-v" + d.version())
                .setData(AdvanceDirectiveJson.directive(d).encode().getBytes(StandardCharsets.UTF_8));
        return c;
    }

    private static AuditEvent audit(Ins ins, AccessHistoryPage.Entry e) {
        AuditEvent a = new AuditEvent();
        a.setType(new Coding(DICOM, "110110", "Patient Record"));
        a.addSubtype(new Coding(AUDIT_ACTION, e.action(), null));
        a.setRecorded(Date.from(e.at()));
        a.setOutcome(e.allowed() ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
        if (!e.allowed()) {
            a.setOutcomeDesc(e.reasonFr());
        }
        if (e.breakGlass()) {
            a.addPurposeOfEvent().addCoding(new Coding(ACT_REASON, "BTG", "break the glass"));
        }
        AuditEvent.AuditEventAgentComponent agent = a.addAgent().setRequestor(true);
        agent.getType().addCoding(new Coding(ACTOR_KIND, e.actorKind(), null));
        if (e.rpps().isPresent()) {
            agent.setWho(practitioner(e.rpps().get()));
        } else if ("PATIENT".equals(e.actorKind())) {
            agent.setWho(DocumentReferences.patient(ins));
        } else {
            agent.setName(e.actorKind());
        }
        a.getSource().setObserver(new Reference().setDisplay("DMP"));
        a.addEntity().setWhat(DocumentReferences.patient(ins));
        e.documentId().ifPresent(id -> a.addEntity().setWhat(new Reference("DocumentReference/" + id))
                .setName(e.documentTitle().orElse(null)));
        return a;
    }

    private static Reference practitioner(String rpps) {
        return new Reference().setType("Practitioner").setIdentifier(new Identifier().setSystem(Identifiers.IDNPS)
                .setValue(Identifiers.idnps(rpps)));
    }
}
