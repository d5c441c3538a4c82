package org.homebound.telephony.csta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CstaXmlTest {

    private static CstaXml parse(String xml) throws CstaProtocolException {
        return CstaXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void elementsAreFoundByLocalNameWhateverThePrefixAndEdition() throws Exception {
        for (CstaEdition e : CstaEdition.values()) {
            CstaXml x = parse("<?xml version=\"1.0\"?><csta:DeliveredEvent xmlns:csta=\"" + e.namespace() + "\">"
                    + "<csta:connection><csta:callID>17</csta:callID><csta:deviceID>8000</csta:deviceID></csta:connection>"
                    + "<csta:cause> callForwardBusy </csta:cause></csta:DeliveredEvent>");
            assertEquals("DeliveredEvent", x.name());
            assertEquals(e, CstaEdition.ofNamespace(x.namespace()).orElseThrow());
            assertEquals("17", x.text("connection", "callID"));
            assertEquals("callForwardBusy", x.text("cause"));
            assertEquals("", x.text("connection", "nothing"));
        }
        assertEquals(CstaEdition.ED3, CstaEdition.ofNamespace("http://www.ecma-international.org/standards/ecma-323/csta/ed3/priv4").orElseThrow());
        assertTrue(CstaEdition.ofNamespace("http://www.ecma-international.org/standards/ecma-323/csta/ed2").isEmpty());
        assertEquals(CstaEdition.ED5, CstaEdition.parse("5"));
        assertEquals(CstaEdition.ED4, CstaEdition.parse("ed4"));
        assertThrows(IllegalArgumentException.class, () -> CstaEdition.parse("7"));
    }

    @Test
    void anExternalEntityIsNeverReadXxe(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<DeliveredEvent><cause>&x;</cause></DeliveredEvent>";
        CstaProtocolException e = assertThrows(CstaProtocolException.class, () -> parse(xxe));
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void entityExpansionIsRefusedAtOnceBillionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        String bomb = "<?xml version=\"1.0\"?>" + dtd + "]><SystemStatus>&lol9;</SystemStatus>";
        long start = System.nanoTime();
        assertThrows(CstaProtocolException.class, () -> parse(bomb));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused, not expanded");
    }

    @Test
    void badlyFormedOrEmptyXmlIsAProtocolError() {
        assertThrows(CstaProtocolException.class, () -> parse("<DeliveredEvent><cause>busy</DeliveredEvent>"));
        assertThrows(CstaProtocolException.class, () -> parse(""));
        assertThrows(CstaProtocolException.class, () -> CstaXml.parse(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}));
    }

    @Test
    void textWeSendIsEscaped() {
        assertEquals("a&lt;b&gt;&amp;&quot;&apos;c", CstaXml.escape("a<b>&\"'c\u0001"));
    }
}
