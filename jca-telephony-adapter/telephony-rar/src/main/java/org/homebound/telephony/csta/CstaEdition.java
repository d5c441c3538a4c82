package org.homebound.telephony.csta;

import java.util.Arrays;
import java.util.Optional;

/** The editions of ECMA-323 a switch may speak; each has its own XML namespace. */
public enum CstaEdition {
    ED3, ED4, ED5, ED6;

    private static final String PREFIX = "http://www.ecma-international.org/standards/ecma-323/csta/ed";

    /** ECMA-354 application session services. */
    public static final String APPLICATION_SESSION = "http://www.ecma-international.org/standards/ecma-354/appl_session";

    public String namespace() {
        return PREFIX + number();
    }

    public int number() {
        return ordinal() + 3;
    }

    /** The edition of a CSTA namespace (vendors' private namespaces below it count too: ".../ed3/priv4"). */
    public static Optional<CstaEdition> ofNamespace(String namespace) {
        if (namespace == null || !namespace.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(e -> namespace.equals(e.namespace()) || namespace.startsWith(e.namespace() + "/")).findFirst();
    }

    /** "3" to "6", "ed4", or the full namespace. */
    public static CstaEdition parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        return ofNamespace(t).or(() -> Arrays.stream(values())
                        .filter(e -> t.equals(String.valueOf(e.number())) || t.equals("ed" + e.number())).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("CSTA edition '" + text + "' is not one of 3, 4, 5, 6"));
    }
}
