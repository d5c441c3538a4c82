package org.homebound.telephony.csta;

import java.nio.charset.StandardCharsets;

final class CstaXmlTestSupport {

    private CstaXmlTestSupport() {
    }

    static CstaXml xml(String text) {
        try {
            return CstaXml.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (CstaProtocolException e) {
            throw new AssertionError(e);
        }
    }
}
