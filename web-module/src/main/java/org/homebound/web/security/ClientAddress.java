package org.homebound.web.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a login comes from, which the PIN policy slows when it fails on many mailboxes.
 * Behind a reverse proxy every request comes from the proxy, so for the proxies named in
 * {@code homebound.web.trusted-proxies} the last address of X-Forwarded-For is taken instead
 * (the one that proxy saw); from anyone else that header is ignored, since anyone can send it.
 */
public final class ClientAddress {

    private static final Set<String> TRUSTED_PROXIES = Arrays.stream(System.getProperty("homebound.web.trusted-proxies", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !TRUSTED_PROXIES.contains(remote)) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        return last.isEmpty() || last.length() > 64 ? remote : last;
    }
}
