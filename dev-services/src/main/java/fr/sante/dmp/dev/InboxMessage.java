package fr.sante.dmp.dev;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One message as the dev inbox shows it. {@code subject} is null for SMS. */
public record InboxMessage(String channel, String to, String subject, String body, Instant receivedAt) {

    public JsonObject toJson() {
        return new JsonObject().put("channel", channel).put("to", to).put("subject", subject).put("body", body)
                .put("receivedAt", receivedAt.toString());
    }
}
