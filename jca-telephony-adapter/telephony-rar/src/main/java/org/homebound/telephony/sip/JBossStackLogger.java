package org.homebound.telephony.sip;

import java.util.Properties;
import gov.nist.core.StackLogger;
import org.jboss.logging.Logger;

/**
 * Routes JAIN-SIP's stack log to JBoss Logging. Without a logger of our own the stack reaches for
 * log4j 1.x, which is not there (NoClassDefFoundError on Java 17).
 */
public final class JBossStackLogger implements StackLogger {

    /** Longest stack message logged at warning level or above. */
    static final int MAX_LOGGED = 300;

    private static final Logger LOG = Logger.getLogger("org.homebound.telephony.sip.stack");

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Throwable());
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.debug("SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(bounded(message));
    }

    @Override
    public void logError(String message) {
        LOG.warn(bounded(message)); // the stack reports peers' protocol errors as "errors": not ours to alarm on
    }

    /**
     * What the stack logs at warning level often quotes what a peer sent (a whole garbage packet,
     * 64 KB of it, as a list of numbers): kept to one line of bounded length, so a peer cannot fill
     * the disk or forge log lines. The full text is there at debug level.
     */
    static String bounded(String message) {
        if (message == null) {
            return null;
        }
        String line = message.replaceAll("[\\r\\n]+", " ");
        return line.length() <= MAX_LOGGED ? line : line.substring(0, MAX_LOGGED) + "... (" + (line.length() - MAX_LOGGED) + " more characters)";
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (logLevel >= TRACE_TRACE) {
            return LOG.isTraceEnabled();
        }
        if (logLevel >= TRACE_DEBUG) {
            return LOG.isDebugEnabled();
        }
        return logLevel > TRACE_NONE;
    }

    @Override
    public void logError(String message, Exception ex) {
        if (ex instanceof InterruptedException) {
            LOG.debug(message, ex); // the trunk interrupts the stack's event scanner on purpose when it stops
        } else {
            LOG.warn(bounded(message), ex);
        }
    }

    /**
     * What the stack says at every start about TLS settings it would use if a TLS listening point
     * were configured (the trunk has none): not a warning for an operator.
     */
    private static final java.util.List<String> TLS_DEFAULTS_NOTICES = java.util.List.of("using default tls security policy",
            "using default keystore type", "tls server settings will be inactive", "using default truststore type",
            "tls trust settings will be inactive");

    static boolean isTlsDefaultsNotice(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return TLS_DEFAULTS_NOTICES.stream().anyMatch(m::startsWith);
    }

    @Override
    public void logWarning(String message) {
        if (isTlsDefaultsNotice(message)) {
            LOG.debug(message);
            return;
        }
        if (LOG.isDebugEnabled() && message != null && message.length() > MAX_LOGGED) {
            LOG.debug(message);
        }
        LOG.warn(bounded(message));
    }

    @Override
    public void logInfo(String message) {
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
        // levels are the logging subsystem's business
    }

    @Override
    public void enableLogging() {
        // levels are the logging subsystem's business
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debugf("JAIN-SIP build %s", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to configure
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
