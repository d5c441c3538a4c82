package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class JBossStackLoggerTest {

    @Test
    void theStacksTlsDefaultsAtStartAreNotWarningsButOtherWarningsAreAndStayBounded() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler watch = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger stackLog = Logger.getLogger("org.homebound.telephony.sip.stack");
        stackLog.addHandler(watch);
        try {
            JBossStackLogger logger = new JBossStackLogger();
            logger.logWarning("using default tls security policy");
            logger.logWarning("TLS server settings will be inactive - TLS key store will use JVM defaults keyStoreType=pkcs12");
            logger.logWarning("Using default truststore type pkcs12");
            assertEquals(List.of(), warnings);
            logger.logWarning("Dropping message: no transaction\r\nforged line " + "x".repeat(1000));
            assertEquals(1, warnings.size());
            assertEquals(JBossStackLogger.MAX_LOGGED, warnings.get(0).indexOf("... ("), "one bounded line: " + warnings.get(0));
        } finally {
            stackLog.removeHandler(watch);
        }
    }
}
