package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.Ins;
import java.time.LocalDate;

/** A person a professional may see (the FHIR face's ITI-78), with the identity held in their record. */
public record PatientFound(Ins ins, String givenName, String familyName, LocalDate birthDate, String sex) {
}
