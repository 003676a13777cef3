package fr.sante.dmp.store.patient.contact;

/** Which address of the sealed identity: the phone number (codes by SMS) or the e-mail address. */
public enum ContactChannel { SMS, EMAIL }
