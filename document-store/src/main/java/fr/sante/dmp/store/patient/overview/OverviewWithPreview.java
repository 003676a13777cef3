package fr.sante.dmp.store.patient.overview;

/** The dashboard's overview and a profession's preview, computed from one load of the record. */
public record OverviewWithPreview(PatientOverview overview, AccessPreview preview) {
}
