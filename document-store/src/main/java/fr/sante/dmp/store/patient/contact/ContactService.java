package fr.sante.dmp.store.patient.contact;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.patient.Contact;
import io.vertx.core.Future;

/** The patient's phone number and e-mail address, as the sealed identity holds them. */
public interface ContactService {

    /**
     * The same service with every call made by this representative for the person each call names (audited as
     * theirs). Only ever pass a representation {@code Representations.authorise} returned for this request.
     */
    ContactService as(fr.sante.dmp.consent.Representation representative);

    /**
     * Replaces the phone number ({@code SMS}) or the e-mail address ({@code EMAIL}) of the sealed identity, once the
     * caller has confirmed a code sent to the new address; returns the contact as it was, so the old address can be
     * told. Audited ({@code CHANGE_CONTACT}); an erased or closed record refuses ({@code Conflict}).
     */
    Future<Contact> changeContact(Ins ins, ContactChannel channel, String address);
}
