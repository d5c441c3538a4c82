package org.homebound.telephony.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses allowed to send SIP requests to the trunk: the PBX (and its standby), given as
 * addresses or CIDR blocks ("10.1.2.3", "10.1.2.0/24", "::1"). A voicemail trunk takes calls from
 * its switch only; anyone else is refused with 403 and logged.
 */
public final class TrustedPeers {

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedPeers(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Parses a comma-separated list; every entry must be a literal address, never a name. */
    public static TrustedPeers parse(String list) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            if (!address.matches("[0-9.]+|[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("trusted peer must be an IP address or CIDR block: " + entry);
            }
            try {
                byte[] bytes = InetAddress.getByName(address).getAddress();
                int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + entry);
                }
                blocks.add(new Block(bytes, prefix));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("bad trusted peer " + entry, e);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no trusted SIP peer configured: the trunk would refuse every call");
        }
        return new TrustedPeers(List.copyOf(blocks));
    }

    public boolean trusts(String address) {
        if (address == null || !address.matches("[0-9.]+|[0-9a-fA-F:.%]+")) {
            return false;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return blocks.stream().anyMatch(b -> b.contains(bytes));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
