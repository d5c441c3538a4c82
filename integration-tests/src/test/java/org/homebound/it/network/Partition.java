package org.homebound.it.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between a site's advertised address and its real HTTP port, which a test can cut
 * like a failed WAN link: while cut, connections are still accepted but no byte gets through in
 * either direction (packets dropped, no reset), so probes and bridges see timeouts, not refusals.
 * Healed, the bytes held back flow again.
 */
public final class Partition implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile boolean cut;

    public Partition(int listenPort, int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        Thread acceptor = new Thread(this::accept, "partition-" + listenPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public void cut() {
        cut = true;
    }

    public void heal() {
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitHealed();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed (or the relay is closing): close the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "partition-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitHealed() throws InterruptedException {
        synchronized (gate) {
            while (cut) {
                gate.wait();
            }
        }
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        heal();
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
