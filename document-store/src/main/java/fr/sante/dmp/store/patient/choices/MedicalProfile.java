package fr.sante.dmp.store.patient.choices;

import fr.sante.dmp.store.RecordException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The medical profile the patient enters (class 51855-5): blood group, allergies, emergency contacts. Validated at
 * birth (each failure names its field). Stored as a JSON document sealed like any other, so professionals allowed on
 * the record read it through the documents API. Personal data: never log it.
 *
 * @param bloodGroup        one of {@link #BLOOD_GROUPS}, or empty when the patient does not know it
 * @param allergies         free text, at most {@link #MAX_ALLERGIES} characters (empty: none declared)
 * @param emergencyContacts at most {@link #MAX_CONTACTS}, each a name and an E.164 phone number
 */
public record MedicalProfile(Optional<String> bloodGroup, String allergies, List<EmergencyContact> emergencyContacts) {

    public static final List<String> BLOOD_GROUPS = List.of("A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-");
    public static final int MAX_ALLERGIES = 1000;
    public static final int MAX_CONTACTS = 3;
    public static final int MAX_NAME = 100;
    public static final String CONTENT_TYPE = "application/json";
    public static final String TITLE = "Profil médical saisi par le patient";
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");

    /** Someone to call: name and E.164 phone number. */
    public record EmergencyContact(String name, String phone) {
        public EmergencyContact {
            if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
                throw new RecordException.Invalid("emergencyContacts.name", "1 to " + MAX_NAME + " characters");
            }
            fr.sante.dmp.store.Text.line("emergencyContacts.name", name);
            if (phone == null || !E164.matcher(phone).matches()) {
                throw new RecordException.Invalid("emergencyContacts.phone", "an E.164 number such as +33612345678");
            }
            name = name.strip();
        }
    }

    public MedicalProfile {
        Objects.requireNonNull(bloodGroup, "bloodGroup");
        if (bloodGroup.isPresent() && !BLOOD_GROUPS.contains(bloodGroup.get())) {
            throw new RecordException.Invalid("bloodGroup", "one of " + BLOOD_GROUPS);
        }
        allergies = allergies == null ? "" : allergies.strip();
        if (allergies.length() > MAX_ALLERGIES) {
            throw new RecordException.Invalid("allergies", "at most " + MAX_ALLERGIES + " characters");
        }
        fr.sante.dmp.store.Text.lines("allergies", allergies);
        emergencyContacts = List.copyOf(emergencyContacts == null ? List.of() : emergencyContacts);
        if (emergencyContacts.size() > MAX_CONTACTS) {
            throw new RecordException.Invalid("emergencyContacts", "at most " + MAX_CONTACTS);
        }
    }

    /** The JSON document professionals read: {@code {"bloodGroup", "allergies", "emergencyContacts": [{name, phone}]}}. */
    public byte[] toJson() {
        JsonArray contacts = new JsonArray();
        emergencyContacts.forEach(c -> contacts.add(new JsonObject().put("name", c.name()).put("phone", c.phone())));
        return new JsonObject().put("bloodGroup", bloodGroup.orElse(null)).put("allergies", allergies)
                .put("emergencyContacts", contacts).toBuffer().getBytes();
    }

    public static MedicalProfile fromJson(byte[] json) {
        JsonObject o = new JsonObject(Buffer.buffer(json));
        List<EmergencyContact> contacts = new ArrayList<>();
        JsonArray list = o.getJsonArray("emergencyContacts", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject c = list.getJsonObject(i);
            contacts.add(new EmergencyContact(c.getString("name"), c.getString("phone")));
        }
        return new MedicalProfile(Optional.ofNullable(o.getString("bloodGroup")), o.getString("allergies", ""),
                contacts);
    }
}
