package fr.sante.dmp.notify.support;

import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import java.time.Duration;
import java.util.Map;

/** Test data builders. Phone numbers: valid French mobiles (+33 6 12 ...); libphonenumber rejects the fiction range. */
public final class Messages {
    public static final byte[] KEY = new byte[32];

    private Messages() {
    }

    public static String phone(int i) {
        return String.format("+33612%06d", i % 1_000_000);
    }

    public static OutboundMessage invitation(Channel channel, String to, String key) {
        return new OutboundMessage(channel, to, "invitation", Language.fr,
                Map.of("deadline", "2027-03-15", "oppositionUrl", "https://monespacesante.fr/opposition",
                        "code", "AB12-CD34"), key, MessageKind.INVITATION);
    }

    public static OutboundMessage otp(String to, String key) {
        return new OutboundMessage(Channel.SMS, to, "otp", Language.fr, Map.of("code", "123456"), key,
                MessageKind.OTP);
    }

    /** Fast settings for tests: small batches, short polls and backoff. */
    public static NotifyOptions.Dispatch fastDispatch() {
        return new NotifyOptions.Dispatch(50, 2, 3, Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(30));
    }
}
