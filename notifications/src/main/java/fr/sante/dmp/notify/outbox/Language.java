package fr.sante.dmp.notify.outbox;

/** Language of the rendered message; French is the default for every notice. */
public enum Language {
    fr,
    en
}
