package fr.sante.dmp.problem;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One RFC 9457 problem. {@code detail} is written by us, never copied from a client value or an exception of a
 * library, so no patient identifier or stack trace can leak through it.
 */
public record Problem(
        ProblemType type,
        String detail,
        Optional<String> field,
        Optional<ConsentRule> rule,
        Optional<Long> retryAfterSeconds,
        Optional<Bilingual> bilingual) {

    public Problem(ProblemType type, String detail, Optional<String> field, Optional<ConsentRule> rule,
                   Optional<Long> retryAfterSeconds) {
        this(type, detail, field, rule, retryAfterSeconds, Optional.empty());
    }

    /** The detail said to a person in French and English (every 409: the person's own request refused, and why). */
    public record Bilingual(String fr, String en) {
    }

    public static Problem bilingual(ProblemType type, String detailFr, String detailEn) {
        return new Problem(type, detailEn, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new Bilingual(detailFr, detailEn)));
    }

    /** The consent engine's rule that denied the access, with its reasons for the professional. */
    public record ConsentRule(String id, String reasonFr, String reasonEn) {
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type, detail, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Problem field(ProblemType type, String field, String detail) {
        return new Problem(type, detail, Optional.of(field), Optional.empty(), Optional.empty());
    }

    public JsonObject toJson(String requestId) {
        JsonObject json = new JsonObject()
                .put("type", type.uri())
                .put("title", type.title())
                .put("status", type.status())
                .put("detail", detail);
        field.ifPresent(f -> json.put("field", f));
        bilingual.ifPresent(b -> json.put("detailFr", b.fr()).put("detailEn", b.en()));
        rule.ifPresent(r -> json.put("rule", r.id()).put("reasonFr", r.reasonFr()).put("reasonEn", r.reasonEn()));
        if (requestId != null) {
            json.put("requestId", requestId);
        }
        return json;
    }
}
