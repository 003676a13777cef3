package fr.sante.dmp.pwa.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an export's FHIR R4 Bundle (JSON). The gateway's FHIR face implements it on HAPI's R4 model, which stays out
 * of this module; called on a worker thread of the export pool, never on an event loop.
 */
@FunctionalInterface
public interface FhirExport {
    /** The Bundle's name inside the ZIP. */
    String ENTRY = "dossier-medical.fhir.json";

    /** Without a writer the export is refused (503): an archive without its Bundle would be half an export. */
    FhirExport NONE = (record, out) -> {
        throw new fr.sante.dmp.store.RecordException.Unavailable("no FHIR writer for exports", null);
    };

    /** Writes the Bundle to {@code out} (left open: it is the ZIP's entry). */
    void write(ExportedRecord record, OutputStream out) throws IOException;
}
