package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.HaproxyOracle;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime API against the real HAProxy 2.6: the same configuration runs in both, and the same commands
 * must give the same {@code show stat} header, the same rows in the same order with the same columns
 * (a field empty in one is empty in the other), the same configuration values, and the same answers to
 * mistakes and to commands above the session's level.
 */
@Timeout(90)
class RuntimeApiDifferentialTest {
    @TempDir
    static Path dir;
    static TestBackend up;
    static HaproxyOracle haproxy;
    static Instance bascule;
    static Path haproxyAdmin;
    static Path haproxyUser;
    static Path basculeAdmin;
    static Path basculeUser;

    static String config(Path admin, Path user, String feBind, String liBind, String readyBind) {
        return """
                global
                    maxconn 1000
                    stats socket %s level admin
                    stats socket %s level user
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend ready
                    bind %s
                frontend fe
                    bind %s
                    default_backend be
                backend be
                    server s1 %s check inter 300
                    server s2 127.0.0.1:1 check inter 300 rise 3 fall 2
                    server s3 %s backup weight 5 maxconn 10
                    server s4 %s disabled
                    server t1 %s track s1
                listen li
                    bind %s
                    balance leastconn
                    server x %s
                backend st
                    balance static-rr
                    server a %s
                """.formatted(admin, user, readyBind, feBind, up.address(), up.address(), up.address(), up.address(),
                liBind, up.address(), up.address());
    }

    @BeforeAll
    static void start() throws Exception {
        HaproxyOracle.assumeAvailable();
        up = TestBackend.greeting("up");
        haproxyAdmin = dir.resolve("h-admin.sock");
        haproxyUser = dir.resolve("h-user.sock");
        basculeAdmin = dir.resolve("b-admin.sock");
        basculeUser = dir.resolve("b-user.sock");
        haproxy = HaproxyOracle.startOnFreePorts((port, ready) -> config(haproxyAdmin, haproxyUser,
                "127.0.0.1:" + port, "127.0.0.1:" + Ports.freePort(), "127.0.0.1:" + ready));
        bascule = Proxies.start(config(basculeAdmin, basculeUser, "127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"));
        for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
            Await.until("s2's first checks at " + sock, Duration.ofSeconds(10),
                    () -> row(ask(sock, "show stat"), "be", "s2").get("check_status").equals("L4CON")
                            && row(ask(sock, "show stat"), "be", "s1").get("check_status").equals("L4OK"));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (bascule != null) {
            bascule.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (up != null) {
            up.close();
        }
    }

    static String ask(Path sock, String request) {
        try {
            return CliClient.ask(sock, request);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The rows of a CSV {@code show stat}, each as field name to value, keyed "pxname/svname". */
    static Map<String, Map<String, String>> rows(String csv) {
        String[] lines = csv.split("\n");
        List<String> names = Arrays.asList(lines[0].substring(2).split(",", -1));
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] v = lines[i].split(",", -1);
            Map<String, String> r = new LinkedHashMap<>();
            for (int f = 0; f < names.size(); f++) {
                r.put(names.get(f), v[f]);
            }
            out.put(v[0] + "/" + v[1], r);
        }
        return out;
    }

    static Map<String, String> row(String csv, String px, String sv) {
        return rows(csv).get(px + "/" + sv);
    }

    @Test
    void showStatHeaderAndColumnCountAreHaproxys() {
        String h = ask(haproxyAdmin, "show stat");
        String b = ask(basculeAdmin, "show stat");
        String hHeader = h.substring(0, h.indexOf('\n'));
        assertThat(b.substring(0, b.indexOf('\n'))).isEqualTo(hHeader);
        int columns = hHeader.split(",", -1).length;
        for (String line : b.split("\n")) {
            assertThat(line.split(",", -1)).as(line).hasSize(columns);
        }
        assertThat(b).endsWith("\n\n");
        assertThat(h).endsWith("\n\n");
    }

    @Test
    void showStatRowsAndEmptyFieldsMatch() {
        for (Path[] socks : List.of(new Path[] {haproxyAdmin, basculeAdmin}, new Path[] {haproxyUser, basculeUser})) {
            Map<String, Map<String, String>> h = rows(ask(socks[0], "show stat"));
            Map<String, Map<String, String>> b = rows(ask(socks[1], "show stat"));
            assertThat(b.keySet()).containsExactlyElementsOf(h.keySet());
            List<String> differences = new ArrayList<>();
            for (String key : h.keySet()) {
                for (Map.Entry<String, String> e : h.get(key).entrySet()) {
                    String mine = b.get(key).get(e.getKey());
                    if (e.getValue().isEmpty() != mine.isEmpty()) {
                        differences.add(key + " " + e.getKey() + ": haproxy '" + e.getValue() + "', bascule '"
                                + mine + "'");
                    }
                }
                for (String f : List.of("status", "weight", "act", "bck", "iid", "sid", "type", "slim", "pid", "mode",
                        "algo", "check_status", "check_desc", "last_chk", "check_rise", "check_fall", "check_health",
                        "tracked", "uweight", "qlimit", "chkdown")) {
                    if (!h.get(key).get(f).equals(b.get(key).get(f))) {
                        differences.add(key + " " + f + ": haproxy '" + h.get(key).get(f) + "', bascule '"
                                + b.get(key).get(f) + "'");
                    }
                }
            }
            assertThat(differences).as(socks[1].toString()).isEmpty();
        }
    }

    @Test
    void typedShowStatHasTheSameFieldsWithTheSameTypesAndTags() {
        List<String> h = typedShape(ask(haproxyAdmin, "show stat typed"));
        List<String> b = typedShape(ask(basculeAdmin, "show stat typed"));
        assertThat(b).containsExactlyElementsOf(h);
    }

    /** "S.3.1.4.scur.1:MGP:u32" for each line: object, ids, position, name, tags and type, without the value. */
    private static List<String> typedShape(String typed) {
        return Arrays.stream(typed.split("\n")).filter(l -> !l.isEmpty())
                .map(l -> l.substring(0, l.indexOf(':', l.indexOf(':') + 1) + 4)).toList();
    }

    @Test
    void showInfoHasHaproxysKeysInOrder() {
        assertThat(keys(ask(basculeAdmin, "show info"))).containsExactlyElementsOf(keys(ask(haproxyAdmin, "show info")));
    }

    private static List<String> keys(String info) {
        return Arrays.stream(info.split("\n")).filter(l -> l.contains(": ")).map(l -> l.substring(0, l.indexOf(':')))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"set server be/nope state drain", "set server nope/s1 state drain",
            "set server s1 state drain", "set server be/s1 state foo", "set server be/s1 health foo",
            "set server be/s1 agent up", "set server be/s1 weight 300", "set server be/s1 weight abc",
            "set server be/s1", "get weight be/nope", "get weight be", "get weight be/s3", "set weight be/s1",
            "shutdown session", "shutdown session 0x1", "shutdown sessions server be/nope",
            "set maxconn frontend nope 1", "set maxconn frontend fe", "set maxconn global", "set maxconn server be/s1",
            "set maxconn server be/s1 abc", "set maxconn", "enable health be/s3", "enable agent be/s3",
            "set server be/s1 addr", "set server be/s1 addr foo", "show cli level", "show backend",
            "show servers state nope", "show stat nope 1 -1", "set timeout cli", "set timeout foo",
            "show cli level;get weight be/s3", "operator;show cli level", "user;show cli level",
            "add server be/", "add server be", "add server nope/n1 127.0.0.1:1", "add server fe/n1 127.0.0.1:1",
            "add server st/n1 127.0.0.1:1", "add server be/s1 127.0.0.1:1", "add server be/n1",
            "add server be/n1 127.0.0.1:1 cookie c", "add server be/n1 127.0.0.1:1 no-check",
            "add server be/n1 127.0.0.1:1 track nope", "add server be/n1 127.0.0.1:1 track s3",
            "add server be/n1 127.0.0.1:1 check track s1", "del server be", "del server nope/x", "del server be/nope",
            "del server be/s1", "del server be/s3", "set rate-limit", "set rate-limit connections",
            "set rate-limit foo global 1", "set rate-limit connections local 1", "set rate-limit connections global",
            "set rate-limit sessions global -1"})
    void sameAnswerAsHaproxy(String command) {
        assertThat(ask(basculeAdmin, command)).isEqualTo(ask(haproxyAdmin, command));
    }

    @ParameterizedTest
    @ValueSource(strings = {"set server be/s1 state drain", "set weight be/s1 2", "disable server be/s1",
            "enable health be/s1", "shutdown session 0x1", "set maxconn global 10", "show sess", "show errors",
            "clear counters", "operator", "show cli level", "get weight be/s3", "add server be/n1 127.0.0.1:1",
            "del server be/s1", "set rate-limit connections global 1"})
    void sameAnswerAtUserLevel(String command) {
        assertThat(ask(basculeUser, command)).isEqualTo(ask(haproxyUser, command));
    }

    @Test
    void drainAndMaintenanceShowTheSameStatus() {
        try {
            for (String state : List.of("drain", "maint")) {
                for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                    assertThat(ask(sock, "set server be/s1 state " + state)).isEqualTo("\n");
                }
                String h = ask(haproxyAdmin, "show stat");
                String b = ask(basculeAdmin, "show stat");
                for (String key : List.of("be/s1", "be/t1", "be/BACKEND")) {
                    for (String f : List.of("status", "weight", "act", "bck", "chkdown")) {
                        assertThat(rows(b).get(key).get(f)).as(state + " " + key + " " + f)
                                .isEqualTo(rows(h).get(key).get(f));
                    }
                }
                List<String> hs = List.of(ask(haproxyAdmin, "show servers state be").split("\n"));
                List<String> bs = List.of(ask(basculeAdmin, "show servers state be").split("\n"));
                for (int i = 2; i < 4; i++) {
                    // op state and admin state of s1 and s2
                    assertThat(bs.get(i).split(" ")[5] + " " + bs.get(i).split(" ")[6]).as(state + " " + hs.get(i))
                            .isEqualTo(hs.get(i).split(" ")[5] + " " + hs.get(i).split(" ")[6]);
                }
            }
        } finally {
            for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                ask(sock, "set server be/s1 state ready");
                // HAProxy resumes a server leaving maintenance at "UP 1/3" until its next check passes.
                Await.until("s1 fully UP again at " + sock, Duration.ofSeconds(10),
                        () -> row(ask(sock, "show stat"), "be", "s1").get("status").equals("UP"));
            }
        }
    }

    @Test
    void healthStoppingPutsServersInNolbAsHaproxyDoes() {
        try {
            // an unchecked backup, a server in maintenance (left alone), a tracking one (refused), an unknown word
            for (String command : List.of("set server be/s3 health stopping", "set server be/s4 health stopping",
                    "set server be/t1 health stopping", "set server be/s3 health stopping", "set server be/s3 health x")) {
                assertThat(ask(basculeAdmin, command)).as(command).isEqualTo(ask(haproxyAdmin, command));
            }
            String h = ask(haproxyAdmin, "show stat");
            String b = ask(basculeAdmin, "show stat");
            for (String key : List.of("be/s3", "be/s4", "be/BACKEND")) {
                for (String f : List.of("status", "weight", "act", "bck", "check_status")) {
                    assertThat(rows(b).get(key).get(f)).as(key + " " + f).isEqualTo(rows(h).get(key).get(f));
                }
            }
            assertThat(rows(b).get("be/s3").get("status")).isEqualTo("NOLB");
            List<String> hs = List.of(ask(haproxyAdmin, "show servers state be").split("\n"));
            List<String> bs = List.of(ask(basculeAdmin, "show servers state be").split("\n"));
            for (int i = 4; i < 6; i++) {
                // op state and admin state of s3 and s4
                assertThat(bs.get(i).split(" ")[5] + " " + bs.get(i).split(" ")[6]).as(hs.get(i))
                        .isEqualTo(hs.get(i).split(" ")[5] + " " + hs.get(i).split(" ")[6]);
            }
        } finally {
            for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                ask(sock, "set server be/s3 health up");
            }
        }
    }

    @Test
    void showServersStateHasTheSameHeaderAndColumns() {
        String[] h = ask(haproxyAdmin, "show servers state").split("\n");
        String[] b = ask(basculeAdmin, "show servers state").split("\n");
        assertThat(b[0]).isEqualTo(h[0]);
        assertThat(b[1]).isEqualTo(h[1]);
        assertThat(b).hasSameSizeAs(h);
        for (int i = 2; i < h.length; i++) {
            String[] hv = h[i].split(" ");
            String[] bv = b[i].split(" ");
            assertThat(bv).hasSameSizeAs(hv);
            // ids, names, address, states, weights, check status/result/health/state, port, check port.
            for (int col : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 18, 21}) {
                assertThat(bv[col]).as("line %d column %d: %s", i, col, h[i]).isEqualTo(hv[col]);
            }
        }
    }

    @Test
    void addedServerLooksTheSameAndDeletesTheSame() {
        try {
            for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                assertThat(ask(sock, "add server be/n1 " + up.address() + " weight 3"))
                        .as(sock.toString()).isEqualTo("New server registered.\n\n");
                assertThat(ask(sock, "add server li/n2 " + up.address() + " backup")).isEqualTo("New server registered.\n\n");
            }
            boolean first = true;
            for (String state : List.of("maint", "ready", "drain", "maint")) {
                if (!state.equals("maint")) {
                    for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                        assertThat(ask(sock, "set server be/n1 state " + state)).isEqualTo("\n");
                    }
                }
                Map<String, String> h = row(ask(haproxyAdmin, "show stat"), "be", "n1");
                Map<String, String> b = row(ask(basculeAdmin, "show stat"), "be", "n1");
                for (String f : List.of("status", "weight", "act", "bck", "sid", "iid", "check_status", "uweight")) {
                    if (f.equals("weight") && first) {
                        // HAProxy shows weight 1 until the new server's first state change (its effective
                        // weight is computed then); Bascule shows the configured weight from the start.
                        continue;
                    }
                    assertThat(b.get(f)).as(state + " " + f).isEqualTo(h.get(f));
                }
                first = false;
                assertThat(row(ask(basculeAdmin, "show stat"), "li", "n2").get("bck")).isEqualTo("1");
                String hLine = serversStateLine(haproxyAdmin, "n1");
                String bLine = serversStateLine(basculeAdmin, "n1");
                String[] hv = hLine.split(" ");
                String[] bv = bLine.split(" ");
                // ids, names, address, op and admin states, weights, check status/result/state, port.
                for (int col : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 18}) {
                    assertThat(bv[col]).as("%s column %d: %s", state, col, hLine).isEqualTo(hv[col]);
                }
            }
            assertThat(ask(basculeAdmin, "get weight be/n1")).isEqualTo(ask(haproxyAdmin, "get weight be/n1"));
        } finally {
            for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                ask(sock, "set server be/n1 state maint");
                assertThat(ask(sock, "del server be/n1")).as(sock.toString()).isEqualTo("Server deleted.\n");
                assertThat(ask(sock, "del server li/n2")).isEqualTo("Server deleted.\n");
            }
        }
        assertThat(rows(ask(basculeAdmin, "show stat")).keySet())
                .containsExactlyElementsOf(rows(ask(haproxyAdmin, "show stat")).keySet());
        assertThat(ask(basculeAdmin, "del server be/n1")).isEqualTo(ask(haproxyAdmin, "del server be/n1"));
    }

    @Test
    void promptModeKeepsHaproxysLineEndsForServerCommands() throws IOException {
        String request = "prompt;del server be/nope;add server be/;add server be/s1 127.0.0.1:1;show cli level\n";
        List<String> answers = new ArrayList<>();
        for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
            try (CliClient c = CliClient.connect(sock)) {
                c.send(request);
                c.shutdownOutput();
                answers.add(c.readToEnd(Duration.ofSeconds(10)));
            }
        }
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(answers.get(1)).startsWith("\n> No such server.\n> Require");
    }

    private static String serversStateLine(Path sock, String server) {
        for (String line : ask(sock, "show servers state").split("\n")) {
            if (line.split(" ").length > 3 && line.split(" ")[3].equals(server)) {
                return line;
            }
        }
        throw new AssertionError("no " + server + " in show servers state at " + sock);
    }

    @Test
    void rateLimitsShowInShowInfo() {
        try {
            for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                assertThat(ask(sock, "set rate-limit connections global 1000")).isEqualTo("\n");
                assertThat(ask(sock, "set rate-limit sessions global 2000")).isEqualTo("\n");
            }
            for (String key : List.of("ConnRateLimit", "SessRateLimit")) {
                assertThat(infoValue(ask(basculeAdmin, "show info"), key))
                        .isEqualTo(infoValue(ask(haproxyAdmin, "show info"), key));
            }
            assertThat(infoValue(ask(basculeAdmin, "show info"), "ConnRateLimit")).isEqualTo("1000");
        } finally {
            for (Path sock : List.of(haproxyAdmin, basculeAdmin)) {
                ask(sock, "set rate-limit connections global 0");
                ask(sock, "set rate-limit sessions global 0");
            }
        }
    }

    private static String infoValue(String info, String key) {
        return Arrays.stream(info.split("\n")).filter(l -> l.startsWith(key + ": "))
                .map(l -> l.substring(key.length() + 2)).findFirst().orElse(null);
    }
}
