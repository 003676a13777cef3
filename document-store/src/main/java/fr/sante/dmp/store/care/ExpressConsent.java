package fr.sante.dmp.store.care;

import java.time.Instant;
import java.time.LocalDate;

/** An occupational physician the patient expressly let in (L1111-17 IV), through {@code until} (Europe/Paris). */
public record ExpressConsent(String rpps, Instant grantedAt, LocalDate until) {
}
