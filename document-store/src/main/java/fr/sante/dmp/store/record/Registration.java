package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.RecordState;

/** The outcome of a registration: whether the record was created now, and its state. */
public record Registration(boolean created, RecordState state) {
}
