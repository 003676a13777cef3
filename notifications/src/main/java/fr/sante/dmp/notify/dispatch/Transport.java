package fr.sante.dmp.notify.dispatch;

import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.template.RenderedMessage;
import io.vertx.core.Future;

/** Sends one rendered message on one channel. Implementations never block the calling event loop. */
public interface Transport {

    Channel channel();

    /** False while the link is down: the dispatcher then leaves this channel's messages queued. */
    boolean ready();

    /**
     * How many messages one claim takes for this channel; {@code configured} is the dispatcher's batch size. Letters
     * claim a whole file's worth (one PDF per claim).
     */
    default int claimLimit(int configured) {
        return configured;
    }

    /** Never a failed future: every failure is classified into a {@link SendResult}. */
    Future<SendResult> send(ClaimedMessage message, RenderedMessage rendered);

    Future<Void> close();
}
