package org.homebound.telephony.rtp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Even RTP ports from a configured range (RFC 3550 §11: RTP on even ports, RTCP on the next).
 * A port is "allocated" by binding a socket to it; a port another process holds is skipped.
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

    /** Binds a socket on the next free even port, or fails when the whole range is busy. */
    public DatagramSocket open() throws IOException {
        for (int attempt = 0; attempt < slots; attempt++) {
            int port = first + 2 * Math.floorMod(next.getAndIncrement(), slots);
            DatagramSocket socket = new DatagramSocket(null);
            try {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(address, port));
                // A flood from elsewhere fills the buffer at thousands of packets a second; while the media
                // thread is held up (a collection, a busy CPU) the caller's packets must still find room.
                // 512 KB is about 100 ms of such a flood, 8 s of a caller alone (the kernel caps it at rmem_max).
                socket.setReceiveBufferSize(512 * 1024);
                return socket;
            } catch (SocketException busy) {
                socket.close();
            }
        }
        throw new IOException("no free RTP port in " + first + "-" + (first + 2 * (slots - 1)));
    }
}
