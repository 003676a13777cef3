package fr.sante.dmp.notify.template;

import java.util.regex.Pattern;

/**
 * The one rule for links sent to people (invitations, reminders, alerts): https, except plain http on this machine's
 * loopback name, which only the embedded platform serves (its dev inbox receives everything; browsers treat
 * {@code http://localhost} as a secure context). A person must never be sent to any other plain-http page.
 */
public final class PublicLinks {
    private static final Pattern LOCAL_HTTP = Pattern.compile("http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?(/[^\\s]*)?");

    private PublicLinks() {
    }

    public static boolean acceptable(String url) {
        return url != null && (url.startsWith("https://") || LOCAL_HTTP.matcher(url).matches());
    }

    /** Plain http on localhost: the embedded platform's own address. */
    public static boolean localHttp(String url) {
        return url != null && LOCAL_HTTP.matcher(url).matches();
    }
}
