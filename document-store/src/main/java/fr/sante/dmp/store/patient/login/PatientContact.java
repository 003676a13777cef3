package fr.sante.dmp.store.patient.login;

import java.util.Optional;

/** Where the patient can be reached (decrypted), and their preferred language. Personal data: never log it. */
public record PatientContact(Optional<String> phone, Optional<String> email, String language) {
}
