package org.homebound.voicemail.extensions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns whatever number a switch reports (an extension, a number with a site prefix, an E.164
 * number with or without '+', national format, visual separators) into the extension a mailbox
 * is filed under. Pure and immutable: one instance is shared by every module.
 *
 * @param prefixes   number blocks that precede an extension, e.g. "+4930555", "030555", "81";
 *                   the longest matching one is stripped
 * @param minDigits  shortest valid extension
 * @param maxDigits  longest valid extension
 * @param ranges     extension ranges that exist (empty: any extension of valid length)
 */
public record DialPlan(List<String> prefixes, int minDigits, int maxDigits, List<Range> ranges) {

    /** An inclusive range of extensions of the same length, e.g. 2000-2999. */
    public record Range(String first, String last) {
        public Range {
            if (first.length() != last.length() || first.compareTo(last) > 0 || !first.chars().allMatch(Character::isDigit)
                    || !last.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad extension range " + first + "-" + last);
            }
        }

        boolean contains(String extension) {
            return extension.length() == first.length() && extension.compareTo(first) >= 0 && extension.compareTo(last) <= 0;
        }

        static Range parse(String text) {
            String[] parts = text.trim().split("-");
            return parts.length == 1 ? new Range(parts[0], parts[0]) : new Range(parts[0].trim(), parts[1].trim());
        }
    }

    public DialPlan {
        if (minDigits < 1 || maxDigits < minDigits || maxDigits > 15) {
            throw new IllegalArgumentException("bad extension length " + minDigits + "-" + maxDigits);
        }
        prefixes = prefixes.stream().map(DialPlan::clean).filter(p -> !p.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        ranges = List.copyOf(ranges);
    }

    /**
     * Builds a dial plan from its textual settings.
     *
     * @param prefixes comma-separated prefixes
     * @param digits   "4" or "3-6"
     * @param ranges   comma-separated ranges, e.g. "2000-2999,3100-3199"; blank for none
     */
    public static DialPlan parse(String prefixes, String digits, String ranges) {
        String[] d = digits.trim().split("-");
        int min = Integer.parseInt(d[0].trim());
        int max = d.length > 1 ? Integer.parseInt(d[1].trim()) : min;
        List<Range> parsedRanges = new ArrayList<>();
        if (ranges != null && !ranges.isBlank()) {
            for (String r : ranges.split(",")) {
                parsedRanges.add(Range.parse(r));
            }
        }
        List<String> p = prefixes == null || prefixes.isBlank() ? List.of() : Arrays.asList(prefixes.split(","));
        return new DialPlan(p, min, max, parsedRanges);
    }

    /** The extension for a reported number, if it is one of ours. */
    public Optional<String> extensionOf(String number) {
        if (number == null) {
            return Optional.empty();
        }
        String n = clean(number);
        if (isExtension(n)) {
            return Optional.of(n);
        }
        for (String prefix : prefixes) {
            if (n.startsWith(prefix) && isExtension(n.substring(prefix.length()))) {
                return Optional.of(n.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    public boolean isExtension(String s) {
        if (s.length() < minDigits || s.length() > maxDigits || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return ranges.isEmpty() || ranges.stream().anyMatch(r -> r.contains(s));
    }

    /** Drops visual separators and writes the international prefix "00" as "+". */
    static String clean(String number) {
        StringBuilder b = new StringBuilder(number.length());
        for (char c : number.trim().toCharArray()) {
            if (Character.isDigit(c) || (c == '+' && b.isEmpty())) {
                b.append(c);
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
                return ""; // letters, '*', '#': not a number we file mailboxes under
            }
        }
        String s = b.toString();
        return s.startsWith("00") ? "+" + s.substring(2) : s;
    }
}
