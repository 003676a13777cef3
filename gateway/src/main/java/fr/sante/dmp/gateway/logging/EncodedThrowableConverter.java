package fr.sante.dmp.gateway.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %eex{short|N}}: the exception and its causes, each message encoded ({@link LogText}: a message may quote a
 * request), with at most N stack frames each ({@code short}: 1; none given: all). The frames come from our code and
 * libraries, not from outside.
 */
public final class EncodedThrowableConverter extends ThrowableHandlingConverter {
    private static final int MAX_CAUSES = 10;
    private int frames = Integer.MAX_VALUE;

    @Override
    public void start() {
        String option = getFirstOption();
        if ("short".equalsIgnoreCase(option)) {
            frames = 1;
        } else if (option != null && option.matches("[0-9]+")) {
            frames = Integer.parseInt(option);
        }
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy tp = event.getThrowableProxy();
        if (tp == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int depth = 0; tp != null && depth < MAX_CAUSES; depth++, tp = tp.getCause()) {
            if (depth > 0) {
                b.append("Caused by: ");
            }
            b.append(tp.getClassName());
            if (tp.getMessage() != null) {
                b.append(": ").append(LogText.encode(tp.getMessage()));
            }
            b.append(CoreConstants.LINE_SEPARATOR);
            StackTraceElementProxy[] stack = tp.getStackTraceElementProxyArray();
            for (int i = 0; stack != null && i < Math.min(frames, stack.length); i++) {
                b.append('\t').append(stack[i].getSTEAsString()).append(CoreConstants.LINE_SEPARATOR);
            }
        }
        return b.toString();
    }
}
