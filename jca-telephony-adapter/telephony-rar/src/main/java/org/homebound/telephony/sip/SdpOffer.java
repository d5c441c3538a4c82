package org.homebound.telephony.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.homebound.telephony.audio.AudioEncoding;

/**
 * The parts of an SDP offer (RFC 4566) a voicemail server needs: where to send audio, which
 * G.711 law to use and the telephone-event payload type. Anything else is ignored.
 *
 * @param remote            where the caller wants to receive RTP
 * @param encoding          the first G.711 law the offer lists
 * @param payloadType       payload type the offer uses for it
 * @param telephoneEventType payload type of RFC 4733 telephone-event, or -1
 * @param ptimeMillis       packet time the caller asked for (20 if unspecified)
 * @param direction         which way the caller wants media to flow (RFC 3264 §5.1; hold is sendonly or inactive)
 */
record SdpOffer(InetSocketAddress remote, AudioEncoding encoding, int payloadType,
                int telephoneEventType, int ptimeMillis, Direction direction) {

    static final int MAX_LINES = 200;

    /** The offerer's media direction, and what the answer says back (RFC 3264 §6.1). */
    enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        /** The direction of our answer to an offer in this direction. */
        Direction answer() {
            return switch (this) {
                case SENDONLY -> RECVONLY;
                case RECVONLY -> SENDONLY;
                default -> this;
            };
        }

        /**
         * Whether the offerer holds the call (RFC 3264 §8.4: it stops receiving, sendonly or
         * inactive; what it may still send is music on hold, not the caller speaking).
         */
        boolean holds() {
            return this == SENDONLY || this == INACTIVE;
        }

        String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The SDP cannot be understood at all (400). */
    static final class MalformedSdpException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedSdpException(String message) {
            super(message);
        }
    }

    /** The SDP is valid but offers nothing we can use (488). */
    static final class UnacceptableSdpException extends Exception {
        private static final long serialVersionUID = 1L;

        UnacceptableSdpException(String message) {
            super(message);
        }
    }

    static SdpOffer parse(String sdp) throws MalformedSdpException, UnacceptableSdpException {
        if (sdp == null || sdp.isBlank()) {
            throw new MalformedSdpException("empty session description");
        }
        String[] lines = sdp.split("\r?\n");
        if (lines.length > MAX_LINES) {
            throw new MalformedSdpException("session description has more than " + MAX_LINES + " lines");
        }
        if (!lines[0].trim().equals("v=0")) {
            throw new MalformedSdpException("session description must start with v=0");
        }
        String sessionAddress = null;
        String mediaAddress = null;
        boolean inAudio = false;
        boolean sawAudio = false;
        int audioPort = -1;
        List<Integer> formats = new ArrayList<>();
        Map<Integer, String> rtpmap = new HashMap<>();
        int ptime = 20;
        Direction sessionDirection = Direction.SENDRECV;
        Direction mediaDirection = null;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new MalformedSdpException("not an SDP line: " + abbreviate(line));
            }
            String value = line.substring(2).trim();
            switch (line.charAt(0)) {
                case 'm' -> {
                    inAudio = false;
                    String[] f = value.split("\\s+");
                    if (f.length < 4) {
                        throw new MalformedSdpException("bad m= line: " + abbreviate(line));
                    }
                    if (f[0].equals("audio") && !sawAudio) {
                        sawAudio = true;
                        inAudio = true;
                        audioPort = parseInt(f[1].split("/")[0], "media port");
                        if (!f[2].toUpperCase(Locale.ROOT).startsWith("RTP/AVP")) {
                            throw new UnacceptableSdpException("audio transport " + f[2] + " not supported (RTP/AVP only)");
                        }
                        for (int i = 3; i < f.length; i++) {
                            formats.add(parseInt(f[i], "payload type"));
                        }
                    }
                }
                case 'c' -> {
                    String[] f = value.split("\\s+");
                    if (f.length < 3 || !f[0].equals("IN")) {
                        throw new MalformedSdpException("bad c= line: " + abbreviate(line));
                    }
                    String address = f[2].split("/")[0];
                    if (inAudio) {
                        mediaAddress = address;
                    } else if (!sawAudio) {
                        sessionAddress = address;
                    }
                }
                case 'a' -> {
                    Direction d = direction(value);
                    if (d != null && inAudio) {
                        mediaDirection = d;
                    } else if (d != null && !sawAudio) {
                        sessionDirection = d;
                    }
                    if (inAudio && value.startsWith("rtpmap:")) {
                        String[] f = value.substring(7).split("\\s+", 2);
                        if (f.length == 2) {
                            rtpmap.put(parseInt(f[0], "rtpmap payload type"), f[1].trim().toLowerCase(Locale.ROOT));
                        }
                    } else if (inAudio && value.startsWith("ptime:")) {
                        ptime = parseInt(value.substring(6).trim(), "ptime");
                    }
                }
                default -> {
                    // other lines (o, s, t, b, k, ...) carry nothing we act on
                }
            }
        }
        if (!sawAudio) {
            throw new UnacceptableSdpException("no audio stream offered");
        }
        if (audioPort <= 0 || audioPort > 65535) {
            throw new UnacceptableSdpException("audio stream rejected or invalid port " + audioPort);
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null) {
            throw new MalformedSdpException("no connection address (c=) for the audio stream");
        }
        AudioEncoding chosen = null;
        int chosenType = -1;
        int telephoneEvent = -1;
        for (int pt : formats) {
            String name = rtpmap.get(pt);
            AudioEncoding e = null;
            if (name != null) {
                if (name.startsWith("pcmu/8000")) {
                    e = AudioEncoding.PCMU;
                } else if (name.startsWith("pcma/8000")) {
                    e = AudioEncoding.PCMA;
                } else if (name.startsWith("telephone-event/8000") && telephoneEvent < 0) {
                    telephoneEvent = pt;
                }
            } else if (pt == 0) {
                e = AudioEncoding.PCMU;
            } else if (pt == 8) {
                e = AudioEncoding.PCMA;
            }
            if (e != null && chosen == null) {
                chosen = e;
                chosenType = pt;
            }
        }
        if (chosen == null) {
            throw new UnacceptableSdpException("no G.711 (PCMU or PCMA) payload offered");
        }
        if (ptime < 10 || ptime > 120) {
            ptime = 20;
        }
        try {
            // A literal address only: SDP from a peer must never make us resolve names.
            if (!address.matches("[0-9.]+|[0-9a-fA-F:.]+")) {
                throw new UnacceptableSdpException("connection address must be a literal IP address: " + abbreviate(address));
            }
            InetAddress host = InetAddress.getByName(address);
            Direction direction = mediaDirection != null ? mediaDirection : sessionDirection;
            if (host.isAnyLocalAddress() && direction == Direction.SENDRECV) {
                direction = Direction.SENDONLY; // RFC 2543 hold: c=0.0.0.0 (RFC 3264 §8.4 says treat it as sendonly)
            }
            return new SdpOffer(new InetSocketAddress(host, audioPort), chosen, chosenType, telephoneEvent, ptime, direction);
        } catch (UnknownHostException e) {
            throw new MalformedSdpException("bad connection address " + abbreviate(address));
        }
    }

    private static Direction direction(String attribute) {
        for (Direction d : Direction.values()) {
            if (attribute.equalsIgnoreCase(d.attribute())) {
                return d;
            }
        }
        return null;
    }

    private static int parseInt(String s, String what) throws MalformedSdpException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new MalformedSdpException("bad " + what + ": " + abbreviate(s));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Our answer: the same law and payload type, our media address and port. */
    String answer(String localAddress, int localPort, long sessionId) {
        return answer(localAddress, localPort, sessionId, 0);
    }

    /** Our answer, version {@code version} of our session description (a changed answer has a higher one). */
    String answer(String localAddress, int localPort, long sessionId, long version) {
        StringBuilder b = new StringBuilder(256);
        String family = localAddress.contains(":") ? "IP6" : "IP4";
        b.append("v=0\r\n")
                .append("o=homebound ").append(sessionId).append(' ').append(sessionId + version).append(" IN ").append(family).append(' ').append(localAddress).append("\r\n")
                .append("s=Homebound voicemail\r\n")
                .append("c=IN ").append(family).append(' ').append(localAddress).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(localPort).append(" RTP/AVP ").append(payloadType);
        if (telephoneEventType >= 0) {
            b.append(' ').append(telephoneEventType);
        }
        b.append("\r\n")
                .append("a=rtpmap:").append(payloadType).append(' ').append(encoding.name()).append("/8000\r\n");
        if (telephoneEventType >= 0) {
            b.append("a=rtpmap:").append(telephoneEventType).append(" telephone-event/8000\r\n")
                    .append("a=fmtp:").append(telephoneEventType).append(" 0-15\r\n");
        }
        b.append("a=ptime:20\r\n").append("a=").append(direction.answer().attribute()).append("\r\n");
        return b.toString();
    }
}
