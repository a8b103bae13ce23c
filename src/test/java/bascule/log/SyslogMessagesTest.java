package bascule.log;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.model.LogTarget;
import bascule.model.Model;
import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Process messages reach the global log targets as HAProxy's syslog lines. */
class SyslogMessagesTest {
    private static String receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        String line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        assertThat(line).as("a datagram ends with a line feed, as HAProxy's").endsWith("\n");
        return line.substring(0, line.length() - 1);
    }

    @Test
    void globalLogLinesAreBound() throws Exception {
        Model m = Instance.parse("""
                global
                    log 127.0.0.1 local0
                    log 127.0.0.1:5140 len 200 format rfc5424 local1 notice
                    log /dev/log local2 warning err
                    log stdout format raw daemon
                """, "t.cfg");
        List<LogTarget> logs = m.global().logs();
        assertThat(logs).hasSize(4);
        assertThat(logs.get(0).port()).isEqualTo(514);
        assertThat(logs.get(0).facility()).isEqualTo(16);
        assertThat(logs.get(0).maxLevel()).isEqualTo(7);
        assertThat(logs.get(1).maxLength()).isEqualTo(200);
        assertThat(logs.get(1).format()).isEqualTo(LogTarget.Format.RFC5424);
        assertThat(logs.get(1).maxLevel()).isEqualTo(5);
        assertThat(logs.get(2).kind()).isEqualTo(LogTarget.Kind.UNIX);
        assertThat(logs.get(2).path()).isEqualTo("/dev/log");
        assertThat(logs.get(2).minLevel()).isEqualTo(3);
        assertThat(logs.get(3).kind()).isEqualTo(LogTarget.Kind.STDOUT);
        assertThat(m.warnings()).noneMatch(w -> w.contains("log"));
    }

    @Test
    void badLogLinesArePrecise() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Instance.parse("global\n    log 127.0.0.1 locl0\n",
                "t.cfg")).hasMessage("t.cfg:2: unknown log facility 'locl0' (did you mean 'local0'?); expected one "
                + "of kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, auth2, ftp, ntp, audit, alert, "
                + "cron2, local0, local1, local2, local3, local4, local5, local6, local7");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Instance.parse(
                "global\n    log 127.0.0.1 local0 notise\n", "t.cfg")).hasMessageStartingWith(
                "t.cfg:2: unknown log level 'notise' (did you mean 'notice'?)");
    }

    @Test
    void serverDownReachesUdpSyslogAsAnAlertWithHaproxysHeader() throws Exception {
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             TestBackend b = TestBackend.greeting("b")) {
            syslog.setSoTimeout(10_000);
            String cfg = """
                    global
                        log 127.0.0.1:%d local0 info
                    defaults
                        mode tcp
                        timeout connect 300ms
                        timeout client 5s
                        timeout server 5s
                    listen app
                        bind 127.0.0.1:0
                        server s %s check inter 100 fall 1
                    """.formatted(syslog.getLocalPort(), b.address());
            Model model = Instance.parse(cfg, "t.cfg");
            try (SyslogMessages messages = new SyslogMessages(model.global().logs(), "haproxy", null);
                 Instance p = Instance.start(model, messages)) {
                List<String> lines = new ArrayList<>();
                lines.add(receive(syslog)); // "Proxy app started." at notice
                b.stopListening();
                while (lines.stream().noneMatch(l -> l.contains("has no server available!"))) {
                    lines.add(receive(syslog));
                }
                long pid = ProcessHandle.current().pid();
                assertThat(lines.get(0)).matches("<133>[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\["
                        + pid + "\\]: Proxy app started\\.");
                // local0 (16) * 8 + alert (1) = 129; emerg (0) = 128
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("<129>").contains("haproxy[" + pid
                        + "]: Server app/s is DOWN, reason: Layer4 connection problem"));
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("<128>")
                        .endsWith("proxy app has no server available!")); // a listen section is a "proxy"
                try (Client c = Client.connect(Proxies.port(p))) {
                    assertThat(c.closedByPeer()).isTrue();
                }
            }
        }
    }
}
