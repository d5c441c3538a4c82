package org.homebound.it.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Kamailio (Debian's package) as the site's PBX. A call to an extension nobody registered is
 * diverted to voicemail at once with a Diversion header (reason "unavailable"); a registered
 * phone that does not answer within four seconds is diverted with Diversion ("no-answer") and
 * History-Info carrying the RFC 4458 cause 408. The pilot number goes to voicemail directly. A phone
 * rings for four seconds; voicemail gets the usual 30 s to answer (a PBX's final-response timer).
 * A phone's SUBSCRIBE for its message-summary (RFC 3842) is record-routed to voicemail with the
 * phone's extension kept, so the NOTIFYs come back through the PBX. Every INVITE it routes and every
 * reply to one is logged with the time (for a failed test's report).
 */
public final class Kamailio implements AutoCloseable {

    private final ExternalProcess process;
    private final int port;

    private Kamailio(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Kamailio start(Path directory, int port, int voicemailPort, String pilot) throws Exception {
        Files.createDirectories(directory);
        Path cfg = directory.resolve("kamailio.cfg");
        Files.writeString(cfg, config(port, "sip:" + pilot + "@127.0.0.1:" + voicemailPort, pilot, voicemailPort));
        ExternalProcess.run(directory, "kamailio", "-c", "-f", cfg.toString());
        ExternalProcess p = new ExternalProcess(List.of("kamailio", "-DD", "-E", "-f", cfg.toString()), directory, "kamailio");
        Kamailio k = new Kamailio(p, port);
        k.awaitListening();
        return k;
    }

    public int port() {
        return port;
    }

    /** The routing a small office PBX would have, reduced to what voicemail needs. */
    static String config(int port, String voicemail, String pilot, int voicemailPort) {
        return """
                #!KAMAILIO
                debug=2
                log_stderror=yes
                children=2
                listen=udp:127.0.0.1:%1$d
                mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
                loadmodule "tm.so"
                loadmodule "tmx.so"
                loadmodule "sl.so"
                loadmodule "rr.so"
                loadmodule "pv.so"
                loadmodule "maxfwd.so"
                loadmodule "usrloc.so"
                loadmodule "registrar.so"
                loadmodule "textops.so"
                loadmodule "siputils.so"
                loadmodule "xlog.so"
                loadmodule "diversion.so"
                modparam("usrloc", "db_mode", 0)
                modparam("tm", "fr_inv_timer", 4000)

                request_route {
                    if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
                    if (has_totag()) { loose_route(); t_relay(); exit; }
                    if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
                    t_check_trans();
                    if (is_method("REGISTER")) { save("location"); exit; }
                    if (is_method("OPTIONS") && $rU == $null) { sl_send_reply("200", "OK"); exit; }
                    if (is_method("SUBSCRIBE")) {
                        if ($hdr(Event) != "message-summary") { sl_send_reply("489", "Bad Event"); exit; }
                        record_route();
                        $ru = "sip:" + $rU + "@127.0.0.1:%4$d";
                        t_relay();
                        exit;
                    }
                    if (is_method("INVITE")) { record_route(); xlog("L_NOTICE", "$timef(%%T).$TV(u) INVITE $rU from $si:$sp call $ci\n"); }
                    if ($rU == "%3$s") { $ru = "%2$s"; t_set_fr(30000, 5000); t_relay(); exit; }
                    $avp(called) = $rU;
                    if (!lookup("location")) {
                        add_diversion("unavailable");
                        $ru = "%2$s";
                        t_set_fr(30000, 5000);
                        t_relay();
                        exit;
                    }
                    t_on_failure("NO_ANSWER");
                    t_relay();
                }

                onreply_route {
                    if (is_method("INVITE")) { xlog("L_NOTICE", "$timef(%%T).$TV(u) $rs $rr from $si:$sp call $ci\n"); }
                }

                failure_route[NO_ANSWER] {
                    if (t_is_canceled()) { exit; }
                    if (!t_check_status("408|480|486|600")) { exit; }
                    if (t_check_status("486|600")) { add_diversion("user-busy"); } else { add_diversion("no-answer"); }
                    append_hf("History-Info: <sip:$avp(called)@127.0.0.1>;index=1, <%2$s;cause=408>;index=1.1;mp=1\\r\\n");
                    $ru = "%2$s";
                    t_set_fr(30000, 5000);
                    t_relay();
                }
                """.formatted(port, voicemail, pilot, voicemailPort);
    }

    private void awaitListening() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] options = ("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bKprobe\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: probe\r\n"
                    + "CSeq: 1 OPTIONS\r\nMax-Forwards: 5\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            s.setSoTimeout(250);
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline) {
                if (!process.alive()) {
                    throw new IOException("kamailio exited: " + process.log());
                }
                s.send(new DatagramPacket(options, options.length, new InetSocketAddress("127.0.0.1", port)));
                try {
                    s.receive(new DatagramPacket(new byte[2048], 2048));
                    return;
                } catch (SocketTimeoutException notYet) {
                    // keep asking
                }
            }
        }
        throw new IOException("kamailio did not answer on port " + port + ": " + process.log());
    }

    public String log() {
        return process.log();
    }

    /** The last {@code lines} lines of its log: every INVITE it routed and every reply to one, timed. */
    public String logTail(int lines) {
        List<String> all = process.log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        process.close();
    }
}
