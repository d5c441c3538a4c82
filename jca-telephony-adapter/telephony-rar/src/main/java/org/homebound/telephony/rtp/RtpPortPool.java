package org.homebound.telephony.rtp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Even RTP ports from a configured range (RFC 3550 §11: RTP on even ports, RTCP on the next).
 * A port is "allocated" by binding a non-blocking channel to it; a port another process holds is skipped.
 */
public final class RtpPortPool {

    private final InetAddress address;
    private final int first;
    private final int slots;
    private final AtomicInteger next = new AtomicInteger();

    public RtpPortPool(InetAddress address, int minPort, int maxPort) {
        int lo = minPort + (minPort & 1);
        if (lo > maxPort - 1 || lo < 1024 || maxPort > 65535) {
            throw new IllegalArgumentException("bad RTP port range " + minPort + "-" + maxPort);
        }
        this.address = address;
        this.first = lo;
        this.slots = (maxPort - lo) / 2 + 1;
    }

    /** Binds a non-blocking channel on the next free even port, or fails when the whole range is busy. */
    public DatagramChannel open() throws IOException {
        for (int attempt = 0; attempt < slots; attempt++) {
            int port = first + 2 * Math.floorMod(next.getAndIncrement(), slots);
            DatagramChannel channel = DatagramChannel.open(address instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                // A flood from elsewhere fills the buffer at thousands of packets a second; while the media
                // loop is held up (a busy CPU) the caller's packets must still find room. 512 KB is about
                // 100 ms of such a flood, 8 s of a caller alone (the kernel caps it at rmem_max).
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 512 * 1024);
                channel.bind(new InetSocketAddress(address, port));
                channel.configureBlocking(false);
                return channel;
            } catch (IOException busy) {
                channel.close();
            }
        }
        throw new IOException("no free RTP port in " + first + "-" + (first + 2 * (slots - 1)));
    }
}
