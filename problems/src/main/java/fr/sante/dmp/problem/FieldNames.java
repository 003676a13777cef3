package fr.sante.dmp.problem;

/** How a problem names a body field the contract refused. */
public enum FieldNames {
    /** The field's own name ({@code reason}): the professional API, whose bodies are flat. */
    LAST,
    /**
     * Its path from the body's root, dot-separated, array positions left out ({@code emergencyContacts.phone}): the
     * patient API, as the store names the fields it refuses.
     */
    PATH
}
