package fr.sante.dmp.pwa.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A patient API request body whose string getters refuse values of another JSON type. Vert.x's {@code getString}
 * answers {@code toString()} of any value ({@code {}} became the name "{}", {@code 12} the text "12"; found by
 * schemathesis on the medical profile). Here a non-string throws ClassCastException, which the API turns into the
 * client's 400 (see Routes.runApi), like the other typed getters already do. Nested objects and arrays are strict too.
 */
final class StrictJson {
    private StrictJson() {
    }

    static JsonObject of(JsonObject body) {
        return new Obj(body.getMap());
    }

    private static String string(Object value, String name) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new ClassCastException(name + ": a string is required");
    }

    private static final class Obj extends JsonObject {
        Obj(Map<String, Object> map) {
            super(map);
        }

        @Override
        public String getString(String key) {
            return string(getMap().get(key), key);
        }

        @Override
        public String getString(String key, String absent) {
            return getMap().containsKey(key) ? getString(key) : absent;
        }

        @Override
        public JsonObject getJsonObject(String key) {
            JsonObject o = super.getJsonObject(key);
            return o == null ? null : new Obj(o.getMap());
        }

        @Override
        public JsonObject getJsonObject(String key, JsonObject absent) {
            return getMap().containsKey(key) ? getJsonObject(key) : absent;
        }

        @Override
        public JsonArray getJsonArray(String key) {
            JsonArray a = super.getJsonArray(key);
            return a == null ? null : new Arr(a.getList());
        }

        @Override
        public JsonArray getJsonArray(String key, JsonArray absent) {
            return getMap().containsKey(key) ? getJsonArray(key) : absent;
        }
    }

    private static final class Arr extends JsonArray {
        @SuppressWarnings({"rawtypes", "unchecked"})
        Arr(List list) {
            super(list);
        }

        @Override
        public String getString(int pos) {
            return string(getList().get(pos), "item " + pos);
        }

        @Override
        public JsonObject getJsonObject(int pos) {
            JsonObject o = super.getJsonObject(pos);
            return o == null ? null : new Obj(o.getMap());
        }
    }
}
