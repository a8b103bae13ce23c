package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.proxy.AdminState;
import bascule.proxy.Server;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime API over real UNIX sockets: line protocol, levels, and the commands on a live runtime. */
class StatsSocketTest {
    static final String HEADER = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,"
            + "wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,"
            + "tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,"
            + "hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,"
            + "comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,"
            + "agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,"
            + "agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,"
            + "reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,"
            + "idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,"
            + "agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,"
            + "h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,"
            + "h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,"
            + "h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,"
            + "h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,"
            + "h1_spliced_bytes_in,h1_spliced_bytes_out,";

    @TempDir
    Path dir;
    TestBackend b1;
    TestBackend b2;
    Instance proxy;
    Path admin;
    Path user;
    Path operator;

    @BeforeEach
    void start() throws Exception {
        b1 = TestBackend.greeting("s1");
        b2 = TestBackend.greeting("s2");
        admin = dir.resolve("admin.sock");
        user = dir.resolve("user.sock");
        operator = dir.resolve("oper.sock");
        proxy = Proxies.start("""
                global
                    stats socket %s mode 600 level admin
                    stats socket %s level user
                    stats socket %s
                    stats timeout 2s
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:0
                    default_backend be
                backend be
                    server s1 %s
                    server s2 %s weight 3
                listen li
                    bind 127.0.0.1:0
                    server x 127.0.0.1:1 check inter 200 rise 3 fall 2
                """.formatted(admin, user, operator, b1.address(), b2.address()));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        b1.close();
        b2.close();
    }

    private String ask(String request) throws Exception {
        return CliClient.ask(admin, request);
    }

    private static List<String> lines(String output) {
        return Arrays.asList(output.split("\n", -1));
    }

    @Test
    void showStatPrintsHaproxyHeaderAndRowsInProxyOrder() throws Exception {
        String out = ask("show stat");
        List<String> l = lines(out);
        assertThat(l.get(0)).isEqualTo(HEADER);
        assertThat(l.subList(1, l.size())).extracting(s -> s.isEmpty() ? "" : s.split(",")[0] + "/" + s.split(",")[1])
                .containsExactly("fe/FRONTEND", "be/s1", "be/s2", "be/BACKEND", "li/FRONTEND", "li/x", "li/BACKEND",
                        "", "");
        for (String row : l.subList(1, 8)) {
            assertThat(row.split(",", -1)).as(row).hasSize(HEADER.split(",", -1).length);
        }
        assertThat(out).endsWith(",\n\n");
        String s2 = l.get(3);
        assertThat(field(s2, "status")).isEqualTo("no check");
        assertThat(field(s2, "weight")).isEqualTo("3");
        assertThat(field(s2, "iid")).isEqualTo("3");
        assertThat(field(s2, "sid")).isEqualTo("2");
        assertThat(field(s2, "addr")).isEqualTo(b2.address());
        assertThat(field(l.get(4), "status")).isEqualTo("UP");
        assertThat(field(l.get(4), "weight")).isEqualTo("4");
        assertThat(field(l.get(4), "algo")).isEqualTo("roundrobin");
        assertThat(field(l.get(5), "iid")).isEqualTo("4");
    }

    static String field(String row, String name) {
        List<String> names = Arrays.asList(HEADER.substring(2).split(",", -1));
        return row.split(",", -1)[names.indexOf(name)];
    }

    @Test
    void countersFollowTraffic() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Client c = Client.connect(Proxies.port(proxy, 0))) {
                assertThat(c.readLine()).startsWith("s");
                c.write("ping\n");
                assertThat(c.readLine()).isEqualTo("ping");
            }
            Await.until("the session closed", Duration.ofSeconds(5), () -> proxy.runtime().activeStreams() == 0);
        }
        List<String> l = lines(ask("show stat"));
        String fe = l.get(1);
        String be = l.get(4);
        assertThat(field(fe, "stot")).isEqualTo("3");
        assertThat(field(fe, "bin")).isEqualTo("15");
        assertThat(Long.parseLong(field(fe, "bout"))).isEqualTo(3 * 5 + 3 * 3);
        assertThat(field(be, "stot")).isEqualTo("3");
        assertThat(field(be, "lbtot")).isEqualTo("3");
        assertThat(Long.parseLong(field(l.get(2), "stot")) + Long.parseLong(field(l.get(3), "stot"))).isEqualTo(3);
        assertThat(field(fe, "smax")).isEqualTo("1");
        assertThat(field(fe, "rate_max")).isNotEqualTo("0");
        assertThat(field(be, "lastsess")).isNotEqualTo("-1");
    }

    @Test
    void checkedServerShowsCheckFields() throws Exception {
        // The check's own snapshot (check_status, chkdown...) is published just after the server is marked DOWN.
        bascule.proxy.Server server = proxy.runtime().backends().get("li").server("x");
        Await.until("x marked DOWN", Duration.ofSeconds(5), () -> !server.isHealthy()
                && proxy.checks().status(server).orElseThrow().phase() == bascule.check.CheckState.Phase.DOWN);
        String x = lines(ask("show stat")).get(6);
        assertThat(field(x, "status")).isEqualTo("DOWN");
        assertThat(field(x, "check_status")).isEqualTo("L4CON");
        assertThat(field(x, "check_desc")).isEqualTo("Layer4 connection problem");
        assertThat(field(x, "last_chk")).isEqualTo("Connection refused");
        assertThat(field(x, "check_rise")).isEqualTo("3");
        assertThat(field(x, "check_fall")).isEqualTo("2");
        assertThat(field(x, "chkdown")).isEqualTo("1");
        assertThat(field(lines(ask("show stat")).get(7), "status")).isEqualTo("DOWN");
        assertThat(ask("disable health li/x")).isEqualTo("\n");
        String paused = lines(ask("show stat")).get(6);
        assertThat(field(paused, "check_status")).isEmpty();
        assertThat(ask("enable health be/s1")).isEqualTo(
                "Health check was not configured on this server, cannot enable.\n\n");
    }

    @Test
    void typedAndJsonFormats() throws Exception {
        String typed = ask("show stat typed");
        assertThat(typed).startsWith("F.2.0.0.pxname.1:KNS:str:fe\nF.2.0.1.svname.1:KNS:str:FRONTEND\n");
        assertThat(typed).contains("S.3.2.18.weight.1:MaP:u32:3\n", "B.3.0.17.status.1:SGP:str:UP\n",
                "S.4.1.36.check_status.1:MOP:str:");
        String json = ask("show stat json");
        assertThat(json).startsWith("[[{\"objType\":\"Frontend\",\"proxyId\":2,\"id\":0,\"field\":{\"pos\":0,"
                + "\"name\":\"pxname\"},\"processNum\":1,\"tags\":{\"origin\":\"Key\",\"nature\":\"Name\","
                + "\"scope\":\"Service\"},\"value\":{\"type\":\"str\",\"value\":\"fe\"}}");
        assertThat(json).endsWith("]]\n\n").contains("],[{\"objType\":\"Server\",\"proxyId\":3,\"id\":1,");
    }

    @Test
    void showStatFilterSelectsOneProxyAndType() throws Exception {
        assertThat(lines(ask("show stat be 4 -1"))).extracting(s -> s.split(",")[0] + "/" + (s.isEmpty() ? "" : s.split(",")[1]))
                .containsExactly(HEADER.split(",")[0] + "/svname", "be/s1", "be/s2", "/", "/");
        assertThat(lines(ask("show stat 3 2 -1")).get(1)).startsWith("be,BACKEND,");
        assertThat(ask("show stat nope 1 -1")).isEqualTo("No such proxy.\n\n");
    }

    @Test
    void showInfoListsHaproxyKeysInOrder() throws Exception {
        List<String> keys = lines(ask("show info")).stream().filter(s -> s.contains(": "))
                .map(s -> s.substring(0, s.indexOf(": "))).toList();
        assertThat(keys.subList(0, 19)).containsExactly("Name", "Version", "Release_date", "Nbthread", "Nbproc",
                "Process_num", "Pid", "Uptime", "Uptime_sec", "Memmax_MB", "PoolAlloc_MB", "PoolUsed_MB",
                "PoolFailed", "Ulimit-n", "Maxsock", "Maxconn", "Hard_maxconn", "CurrConns", "CumConns");
        assertThat(keys).hasSize(69).endsWith("Start_time_sec", "Tainted");
        assertThat(ask("show info")).contains("Pid: " + ProcessHandle.current().pid() + "\n");
        assertThat(ask("show info json")).startsWith("[{\"field\":{\"pos\":0,\"name\":\"Name\"},\"processNum\":1,")
                .endsWith("}]\n\n");
        assertThat(ask("show info typed")).contains("15.Maxconn.1:CLP:u32:" + proxy.runtime().globalMaxconn() + "\n");
    }

    @Test
    void semicolonsChainCommandsAndEachAnswerEndsWithAnEmptyLine() throws Exception {
        assertThat(ask("show cli level;get weight be/s2;show backend")).isEqualTo(
                "admin\n\n3 (initial 3)\n\n# name\nbe\nli\n\n");
        assertThat(ask("get weight be/s\\;2")).isEqualTo("No such server.\n\n");
    }

    @Test
    void nonInteractiveSessionRunsPipelinedLinesThenCloses() throws Exception {
        try (CliClient c = CliClient.connect(admin)) {
            c.send("show cli level\nshow version\n");
            assertThat(c.readToEnd(Duration.ofSeconds(5))).startsWith("admin\n\n").endsWith("\n\n");
        }
    }

    @Test
    void interactiveModeShowsPromptUntilQuit() throws Exception {
        try (CliClient c = CliClient.connect(admin)) {
            c.send("prompt\n");
            assertThat(c.readUntil("> ", Duration.ofSeconds(5))).isEqualTo("\n> ");
            c.send("show cli level\n");
            assertThat(c.readUntil("> ", Duration.ofSeconds(5))).isEqualTo("admin\n\n> ");
            c.send("operator\n");
            assertThat(c.readUntil("> ", Duration.ofSeconds(5))).isEqualTo("\n> ");
            c.send("show cli level\n");
            assertThat(c.readUntil("> ", Duration.ofSeconds(5))).isEqualTo("operator\n\n> ");
            c.send("set server be/s1 state drain\n");
            assertThat(c.readUntil("> ", Duration.ofSeconds(5))).isEqualTo("Permission denied\n\n> ");
            c.send("quit\n");
            assertThat(c.readToEnd(Duration.ofSeconds(5))).isEmpty();
        }
    }

    @Test
    void idleInteractiveSessionEndsAfterStatsTimeout() throws Exception {
        try (CliClient c = CliClient.connect(admin)) {
            c.send("prompt\n");
            c.readUntil("> ", Duration.ofSeconds(5));
            long t0 = System.nanoTime();
            assertThat(c.readToEnd(Duration.ofSeconds(6))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void unknownCommandSuggestsCommandsAsHaproxyDoes() throws Exception {
        assertThat(ask("set maxconn")).isEqualTo("""
                Unknown command, but maybe one of the following ones is a better match:
                  set maxconn frontend <frontend> <value> : change a frontend's maxconn setting
                  set maxconn global <value>              : change the per-process maxconn setting
                  set maxconn server <bk>/<srv>           : change a server's maxconn setting
                  help [<command>]                        : list matching or all commands
                  prompt                                  : toggle interactive mode with prompt
                  quit                                    : disconnect

                """);
        assertThat(ask("")).startsWith("Unknown command. Please enter one of the following commands only:\n");
        assertThat(ask("help")).startsWith("The following commands are valid at this level:\n  add server");
        assertThat(ask("show table")).isEqualTo(
                "'show table' is not supported by Bascule yet (see docs/compatibility.md).\n\n");
    }

    @Test
    void levelsAreEnforced() throws Exception {
        assertThat(CliClient.ask(user, "set server be/s1 state drain")).isEqualTo("Permission denied\n\n");
        assertThat(CliClient.ask(user, "show sess")).isEqualTo("Permission denied\n\n");
        assertThat(CliClient.ask(user, "operator")).isEqualTo("Permission denied\n\n");
        assertThat(CliClient.ask(user, "get weight be/s2")).isEqualTo("3 (initial 3)\n\n");
        assertThat(CliClient.ask(operator, "show cli level")).isEqualTo("operator\n\n");
        assertThat(CliClient.ask(operator, "set weight be/s1 0")).isEqualTo("Permission denied\n\n");
        assertThat(CliClient.ask(operator, "clear counters")).isEqualTo("\n");
        assertThat(proxy.runtime().backends().get("be").server("s1").adminState()).isEqualTo(AdminState.READY);
        String userStat = CliClient.ask(user, "show stat");
        assertThat(field(lines(userStat).get(2), "addr")).isEmpty();
        assertThat(field(lines(userStat).get(4), "algo")).isEmpty();
    }

    @Test
    void setServerChangesTheLiveServer() throws Exception {
        Server s1 = proxy.runtime().backends().get("be").server("s1");
        assertThat(ask("set server be/s1 state drain")).isEqualTo("\n");
        assertThat(s1.adminState()).isEqualTo(AdminState.DRAIN);
        assertThat(field(lines(ask("show stat")).get(2), "status")).isEqualTo("DRAIN");
        assertThat(ask("set server be/s1 state maint")).isEqualTo("\n");
        assertThat(field(lines(ask("show stat")).get(2), "status")).isEqualTo("MAINT");
        assertThat(ask("set server be/s1 state ready")).isEqualTo("\n");
        assertThat(s1.adminState()).isEqualTo(AdminState.READY);
        assertThat(ask("set server be/s1 state foo")).isEqualTo(
                "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n\n");
        assertThat(ask("set server be/nope state drain")).isEqualTo("No such server.\n\n");
        assertThat(ask("set server nope/s1 state drain")).isEqualTo("No such backend.\n\n");
        assertThat(ask("set server s1 state drain")).isEqualTo("Require 'backend/server'.\n\n");
        assertThat(ask("set server be/s1")).startsWith("usage: set server <backend>/<server> addr | agent");

        assertThat(ask("set server be/s2 weight 50%")).isEqualTo("\n");
        assertThat(ask("get weight be/s2")).isEqualTo("1 (initial 3)\n\n");
        assertThat(ask("set weight be/s2 2")).isEqualTo("\n");
        assertThat(ask("get weight be/s2")).isEqualTo("2 (initial 3)\n\n");
        assertThat(ask("set weight be/s2 abc")).isEqualTo("Empty weight string empty or preceded by garbage\n");
        assertThat(ask("set weight be/s2 300")).isEqualTo(
                "Absolute weight can only be between 0 and 256 inclusive.\n\n");

        assertThat(ask("disable server be/s1")).isEqualTo("\n");
        assertThat(s1.adminState()).isEqualTo(AdminState.MAINT);
        assertThat(ask("enable server be/s1")).isEqualTo("\n");
        assertThat(s1.adminState()).isEqualTo(AdminState.READY);

        assertThat(ask("set server be/s1 health down")).isEqualTo("\n");
        assertThat(s1.isHealthy()).isFalse();
        assertThat(field(lines(ask("show stat")).get(2), "status")).isEqualTo("DOWN");
        assertThat(ask("set server be/s1 health up")).isEqualTo("\n");
        assertThat(s1.isHealthy()).isTrue();
        assertThat(ask("set server be/s1 agent up")).isEqualTo("agent checks are not enabled on this server.\n\n");

        assertThat(ask("set maxconn server be/s1 7")).isEqualTo("\n");
        assertThat(s1.maxConnections()).isEqualTo(7);
        assertThat(field(lines(ask("show stat")).get(2), "slim")).isEqualTo("7");
    }

    @Test
    void serverAddressCanMove() throws Exception {
        try (TestBackend b3 = TestBackend.greeting("s3")) {
            assertThat(ask("set server be/s1 addr 127.0.0.2 port " + b3.port())).isEqualTo(
                    "IP changed from '127.0.0.1' to '127.0.0.2', port changed from '" + b1.port() + "' to '"
                            + b3.port() + "' by 'stats socket command'\n\n");
            assertThat(ask("set server be/s1 addr 127.0.0.1 port " + b3.port())).startsWith("IP changed");
            assertThat(ask("set server be/s2 state maint")).isEqualTo("\n");
            try (Client c = Client.connect(Proxies.port(proxy, 0))) {
                assertThat(c.readLine()).isEqualTo("s3");
            }
            assertThat(ask("set server be/s1 addr foo")).isEqualTo("Invalid addr 'foo' by 'stats socket command'\n\n");
            assertThat(ask("set server be/s1 addr")).isEqualTo(
                    "set server <b>/<s> addr requires an address and optionally a port.\n\n");
        }
    }

    @Test
    void sessionsCanBeListedAndShutDown() throws Exception {
        try (Client c = Client.connect(Proxies.port(proxy, 0))) {
            String greeting = c.readLine();
            String sess = ask("show sess");
            assertThat(sess).matches("0x[0-9a-f]+: proto=tcpv4 src=127\\.0\\.0\\.1:\\d+ fe=fe be=be srv=" + greeting
                    + " ts=00 epoch=0 age=\\d+s calls=0 rate=0 cpu=0 lat=0\n\n");
            String id = sess.substring(0, sess.indexOf(':'));
            assertThat(ask("shutdown session 0x999999")).isEqualTo("No such session (use 'show sess').\n\n");
            assertThat(ask("shutdown session zz")).isEqualTo("Session pointer expected (use 'show sess').\n\n");
            assertThat(ask("shutdown session " + id)).isEqualTo("\n");
            assertThat(c.closedByPeer()).isTrue();
        }
        try (Client c = Client.connect(Proxies.port(proxy, 0))) {
            String name = c.readLine();
            assertThat(ask("shutdown sessions server be/" + name)).isEqualTo("\n");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void showServersStateUsesFormatVersionOne() throws Exception {
        ask("set server be/s1 state drain");
        List<String> l = lines(ask("show servers state be"));
        assertThat(l.get(0)).isEqualTo("1");
        assertThat(l.get(1)).isEqualTo("# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state "
                + "srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result "
                + "srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port "
                + "srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port");
        assertThat(l.get(2)).matches("3 be 1 s1 127\\.0\\.0\\.1 2 8 1 1 \\d+ 1 0 2 0 0 0 0 - " + b1.port()
                + " - 0 0 - - 0");
        assertThat(l.subList(3, l.size())).hasSize(3);
        assertThat(ask("show servers state nope")).isEqualTo("Can't find backend.\n\n");
    }

    @Test
    void maxconnOfFrontendAndProcessCanChange() throws Exception {
        assertThat(ask("set maxconn frontend fe 5")).isEqualTo("\n");
        assertThat(field(lines(ask("show stat")).get(1), "slim")).isEqualTo("5");
        assertThat(ask("set maxconn frontend be 5")).isEqualTo("No such frontend.\n\n");
        assertThat(ask("set maxconn frontend fe")).isEqualTo("Integer value expected.\n\n");
        assertThat(ask("set maxconn global 100")).isEqualTo("\n");
        assertThat(ask("show info")).contains("\nMaxconn: 100\n");
        assertThat(ask("set maxconn global 0")).isEqualTo("\n");
        assertThat(proxy.runtime().globalMaxconn()).isEqualTo(proxy.runtime().hardMaxconn());
        assertThat(ask("set maxconn global " + (proxy.runtime().hardMaxconn() + 1L))).isEqualTo("Value out of range.\n\n");
    }

    @Test
    void socketFileGetsTheConfiguredMode() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(admin))).isEqualTo("rw-------");
        assertThat(ask("show cli sockets")).isEqualTo("# socket lvl processes\nunix@" + admin + " admin all\nunix@"
                + user + " user all\nunix@" + operator + " operator all\n\n");
    }

    @Test
    void showErrorsIsEmptyInTcpMode() throws Exception {
        assertThat(ask("show errors")).matches("Total events captured on \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2}"
                + "\\.\\d{3}] : 0\n\n");
    }
}
