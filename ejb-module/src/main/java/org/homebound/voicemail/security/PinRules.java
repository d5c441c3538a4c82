package org.homebound.voicemail.security;

/** What a PIN must be, wherever it is set (the administrator's console, the subscriber's inbox): dialled on a keypad. */
public final class PinRules {

    private PinRules() {
    }

    /** Why the PIN is not acceptable, or null when it is. */
    public static String problemWith(String pin) {
        if (pin == null || pin.length() < 4 || pin.length() > 12 || !pin.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "pin must be 4-12 digits (it is dialled on a phone keypad)";
        }
        return null;
    }

    /**
     * Why a subscriber's own new PIN is not acceptable, or null: the keypad rules, and not the
     * extension itself, one digit repeated, or a straight run (1234, 9876) — the first PINs guessed.
     */
    public static String problemWithNew(String pin, String extension) {
        String basic = problemWith(pin);
        if (basic != null) {
            return basic;
        }
        if (pin.equals(extension)) {
            return "the new PIN must not be the mailbox number";
        }
        if (pin.chars().distinct().count() == 1) {
            return "the new PIN must not be one digit repeated";
        }
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < pin.length(); i++) {
            int step = pin.charAt(i) - pin.charAt(i - 1);
            up &= step == 1;
            down &= step == -1;
        }
        return up || down ? "the new PIN must not be a run of digits like 1234" : null;
    }
}
