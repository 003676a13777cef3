package fr.sante.dmp.store.care;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A search of the directory of professionals as JSON (schema {@code DirectoryProfessionals}, in both contracts): the
 * same shape for a patient (openapi-me.yaml) and a professional (openapi.yaml). Absent values are absent fields.
 */
public final class DirectoryJson {
    private DirectoryJson() {
    }

    public static JsonObject professionals(List<DirectoryEntry> found) {
        JsonArray a = new JsonArray();
        for (DirectoryEntry e : found) {
            JsonObject j = new JsonObject().put("rpps", e.rpps()).put("professionCode", e.professionCode());
            e.title().ifPresent(v -> j.put("title", v));
            e.familyName().ifPresent(v -> j.put("familyName", v));
            e.givenName().ifPresent(v -> j.put("givenName", v));
            e.professionLabel().ifPresent(v -> j.put("profession", v));
            e.specialtyCode().ifPresent(v -> j.put("specialtyCode", v));
            e.specialtyLabel().ifPresent(v -> j.put("specialty", v));
            e.town().ifPresent(v -> j.put("town", v));
            a.add(j);
        }
        return new JsonObject().put("professionals", a);
    }
}
