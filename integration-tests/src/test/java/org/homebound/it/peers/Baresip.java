package org.homebound.it.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.homebound.it.TestFiles;

/**
 * A baresip user agent (Debian's baresip-core) driven over its ctrl_tcp module: netstring-framed
 * JSON commands in, events out. It plays a WAV file as its microphone and, as a caller, writes what
 * it hears to {@code snd/} (sndfile module).
 */
public final class Baresip implements AutoCloseable {

    private final ExternalProcess process;
    private final Socket control;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final Path directory;
    private final Thread reader;
    /** How much had been heard when the last prompt was over (bytes of 16-bit samples). */
    private long heardMark;

    private Baresip(ExternalProcess process, Socket control, Path directory) {
        this.process = process;
        this.control = control;
        this.directory = directory;
        this.reader = new Thread(this::read, "baresip-events");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * @param sipPort  this agent's SIP port; it also takes sipPort+1 (TLS) and sipPort+2 (control)
     * @param account  the account line, e.g. {@code <sip:1000@127.0.0.1>;regint=0;outbound="sip:127.0.0.1:5060"}
     * @param speech   WAV played as the microphone, or null for silence
     */
    public static Baresip start(Path directory, int sipPort, String account, Path speech) throws Exception {
        return start(directory, sipPort, account, speech, List.of());
    }

    /** As above, with more of baresip's modules loaded (e.g. "mwi" for message-waiting subscriptions). */
    public static Baresip start(Path directory, int sipPort, String account, Path speech, List<String> modules) throws Exception {
        TestFiles.deleteTree(directory); // a fresh agent: nothing left from an earlier run
        Files.createDirectories(directory.resolve("snd"));
        // Silence from a file, not aubridge's source: that one plays back what the agent hears, and
        // the echo of the service's tone would be recorded as the start of the caller's message.
        Path microphone = speech != null ? speech : Speech.silence(directory, Duration.ofMinutes(5));
        int controlPort = sipPort + 2;
        Files.writeString(directory.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "net_interface 127.0.0.1",
                "audio_player aubridge,nil",
                "audio_source aufile," + microphone.toAbsolutePath(),
                "audio_alert aubridge,nil",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module account.so",
                "module menu.so",
                "module ctrl_tcp.so",
                modules.stream().map(m -> "module " + m + ".so").collect(java.util.stream.Collectors.joining("\n")),
                "ctrl_tcp_listen 127.0.0.1:" + controlPort,
                "snd_path " + directory.resolve("snd").toAbsolutePath(),
                ""));
        // No account at start: it is added over ctrl_tcp once we listen, so no event (REGISTER_OK) is missed.
        Files.writeString(directory.resolve("accounts"), "");
        ExternalProcess p = new ExternalProcess(List.of("baresip", "-f", directory.toAbsolutePath().toString()), directory, "baresip");
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress("127.0.0.1", controlPort), 500);
                Baresip agent = new Baresip(p, s, directory);
                agent.command("uanew", account);
                return agent;
            } catch (IOException notYet) {
                if (!p.alive() || System.currentTimeMillis() > deadline) {
                    p.close();
                    throw new IOException("baresip did not open its control port " + controlPort + ": " + p.log());
                }
                Thread.sleep(100);
            }
        }
    }

    public void command(String command, String params) throws IOException {
        byte[] json = Json.createObjectBuilder().add("command", command).add("params", params)
                .add("token", "t" + tokens.incrementAndGet()).build().toString().getBytes(StandardCharsets.UTF_8);
        // One write per netstring: baresip 1.0.0's ctrl_tcp rejects a frame whose closing comma comes
        // in a later TCP segment (NETSTRING_ERROR_NO_COMMA, then NO_LENGTH) and drops the command.
        byte[] length = (json.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + json.length + 1];
        System.arraycopy(length, 0, frame, 0, length.length);
        System.arraycopy(json, 0, frame, length.length, json.length);
        frame[frame.length - 1] = ',';
        OutputStream out = control.getOutputStream();
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    /** Waits for an event of the given type (REGISTER_OK, CALL_ESTABLISHED, CALL_CLOSED, ...). */
    public JsonObject awaitEvent(String type, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new IOException("no " + type + " event within " + timeout + "; baresip log:\n" + process.log());
            }
            if (type.equals(e.getString("type", ""))) {
                return e;
            }
        }
    }

    /**
     * Waits until this agent has heard about {@code length} of audio in its current call and the
     * far end has gone quiet, as a person waits for the tone to end. sndfile writes what arrives
     * ("-dec.wav", 16-bit samples after a 44-byte header); the phone's jitter buffer may drop a few
     * packets, so half a second less than {@code length} counts as heard.
     */
    public void awaitHeard(Duration length, Duration timeout) throws IOException, InterruptedException {
        long enough = 44 + Math.max(0, length.toMillis() - 500) * 16;
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long size = 0;
            for (Path f : received()) {
                size = Math.max(size, Files.size(f));
            }
            if (size != last) {
                last = size;
                quietSince = System.nanoTime();
            } else if (size >= enough && System.nanoTime() - quietSince > 250_000_000L) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IOException("did not hear " + length + " of audio within " + timeout + " (heard " + last + " bytes); baresip log:\n" + process.log());
    }

    /**
     * Waits until this agent has heard at least {@code atLeast} more audio than at the previous
     * call (or since the call started) and the far end has then been quiet for 700 ms: a menu
     * prompt is over and the service waits for a key.
     */
    public void awaitPrompt(Duration atLeast, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long want = heardMark + atLeast.toMillis() * 16;
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long size = heardBytes();
            if (size != last) {
                last = size;
                quietSince = System.nanoTime();
            } else if (size >= want && System.nanoTime() - quietSince > 700_000_000L) {
                heardMark = size;
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("no prompt of " + atLeast + " followed by quiet within " + timeout + " (heard " + (last - heardMark) / 16
                + " ms more); baresip log:\n" + process.log());
    }

    /**
     * Speaks a WAV into the call (the microphone switched to the file) and returns once baresip
     * has sent the first {@code length} of it, however long a busy machine makes that take: a
     * stalled baresip sends its backlog late, so a test that hung up after the file's length would
     * cut the end off. sndfile writes what is sent ("-enc.wav") just before it is encoded and put
     * on the wire. At the end of its file baresip hangs up by itself.
     */
    public void speak(Path wav, Duration length, Duration timeout) throws IOException, InterruptedException {
        long want = audioBytes(sent()) + length.toMillis() * 16;
        command("ausrc", "aufile," + wav.toAbsolutePath());
        long deadline = System.nanoTime() + timeout.toNanos();
        long sent;
        while ((sent = audioBytes(sent())) < want) {
            if (System.nanoTime() > deadline) {
                throw new IOException("sent " + (want - sent) / 16 + " ms too little of " + wav + " within " + timeout
                        + "; baresip log:\n" + process.log());
            }
            Thread.sleep(20);
        }
    }

    private long heardBytes() throws IOException {
        return audioBytes(received());
    }

    /** 16-bit samples in these sndfile WAVs (their 44-byte headers are written last, with the sizes). */
    private static long audioBytes(List<Path> files) throws IOException {
        long size = 0;
        for (Path f : files) {
            size += Math.max(0, Files.size(f) - 44);
        }
        return size;
    }

    /** The WAV files sndfile wrote of what this agent received ("-dec.wav"). */
    public List<Path> received() throws IOException {
        return sndfiles("-dec.wav");
    }

    /** The WAV files sndfile wrote of what this agent sent ("-enc.wav"). */
    public List<Path> sent() throws IOException {
        return sndfiles("-enc.wav");
    }

    private List<Path> sndfiles(String suffix) throws IOException {
        try (var files = Files.list(directory.resolve("snd"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private void read() {
        try (InputStream in = control.getInputStream()) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                in.read(); // the trailing ','
                JsonObject message = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
                if (message.getBoolean("event", false)) {
                    events.add(message);
                }
            }
        } catch (IOException | RuntimeException closed) {
            // agent stopped
        }
    }

    @Override
    public void close() {
        try {
            control.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        process.close();
    }
}
