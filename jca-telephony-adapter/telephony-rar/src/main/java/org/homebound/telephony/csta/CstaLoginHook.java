package org.homebound.telephony.csta;

/**
 * Vendor login data for StartApplicationSession (its applicationSpecificInfo): Avaya's AES wants a
 * SessionLoginInfo with user name and password, other switches want nothing or their own. A
 * deployment names a built-in hook or its own class in the adapter's configuration; the driver is
 * not forked for a vendor.
 */
public interface CstaLoginHook {

    /** An XML fragment for applicationSpecificInfo, or "" for none. */
    String applicationSpecificInfo(CstaSettings settings);

    /** "" (none), "avaya", or the name of a class with a public no-argument constructor. */
    static CstaLoginHook named(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.equals("none")) {
            return s -> "";
        }
        if (n.equals("avaya")) {
            return new AvayaSessionLogin();
        }
        try {
            return (CstaLoginHook) Class.forName(n, true, CstaLoginHook.class.getClassLoader()).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("CSTA login hook '" + n + "' is not a class implementing CstaLoginHook: " + e, e);
        }
    }
}
