package bascule.admin;

import java.util.List;

/**
 * The columns of {@code show stat} in HAProxy 2.6: the 103 standard fields, in their fixed order (tools read
 * them by position), then the columns of the statistics modules a stock HAProxy 2.6 build registers (ssl,
 * h2, h1). The CSV header separates the two groups with a "-" column.
 */
public final class StatFields {
    private StatFields() {
    }

    public static final List<String> NAMES = List.of("pxname", "svname", "qcur", "qmax", "scur", "smax", "slim", "stot",
            "bin", "bout", "dreq", "dresp", "ereq", "econ", "eresp", "wretr", "wredis", "status", "weight", "act",
            "bck", "chkfail", "chkdown", "lastchg", "downtime", "qlimit", "pid", "iid", "sid", "throttle", "lbtot",
            "tracked", "type", "rate", "rate_lim", "rate_max", "check_status", "check_code", "check_duration",
            "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other", "hanafail", "req_rate",
            "req_rate_max", "req_tot", "cli_abrt", "srv_abrt", "comp_in", "comp_out", "comp_byp", "comp_rsp",
            "lastsess", "last_chk", "last_agt", "qtime", "ctime", "rtime", "ttime", "agent_status", "agent_code",
            "agent_duration", "check_desc", "agent_desc", "check_rise", "check_fall", "check_health", "agent_rise",
            "agent_fall", "agent_health", "addr", "cookie", "mode", "algo", "conn_rate", "conn_rate_max",
            "conn_tot", "intercepted", "dcon", "dses", "wrew", "connect", "reuse", "cache_lookups", "cache_hits",
            "srv_icur", "src_ilim", "qtime_max", "ctime_max", "rtime_max", "ttime_max", "eint", "idle_conn_cur",
            "safe_conn_cur", "used_conn_cur", "need_conn_est", "uweight", "agg_server_status",
            "agg_server_check_status", "agg_check_status");

    /** Module columns; the first {@link #SSL_FIELDS} (ssl) also exist for servers, the rest only for proxies. */
    static final List<String> MODULES = List.of("ssl_sess", "ssl_reused_sess", "ssl_failed_handshake",
            "h2_headers_rcvd", "h2_data_rcvd", "h2_settings_rcvd", "h2_rst_stream_rcvd", "h2_goaway_rcvd",
            "h2_detected_conn_protocol_errors", "h2_detected_strm_protocol_errors", "h2_rst_stream_resp",
            "h2_goaway_resp", "h2_open_connections", "h2_backend_open_streams", "h2_total_connections",
            "h2_backend_total_streams", "h1_open_connections", "h1_open_streams", "h1_total_connections",
            "h1_total_streams", "h1_bytes_in", "h1_bytes_out", "h1_spliced_bytes_in", "h1_spliced_bytes_out");

    static final int SSL_FIELDS = 3;
    static final int STANDARD = NAMES.size();
    static final int TOTAL = STANDARD + MODULES.size();

    /** The gauges among the module columns (the others are counters). */
    private static final List<String> MODULE_GAUGES = List.of("h2_open_connections", "h2_backend_open_streams",
            "h1_open_connections", "h1_open_streams");

    static final int PXNAME = 0;
    static final int SVNAME = 1;
    static final int QCUR = 2;
    static final int QMAX = 3;
    static final int SCUR = 4;
    static final int SMAX = 5;
    static final int SLIM = 6;
    static final int STOT = 7;
    static final int BIN = 8;
    static final int BOUT = 9;
    static final int DREQ = 10;
    static final int DRESP = 11;
    static final int EREQ = 12;
    static final int ECON = 13;
    static final int ERESP = 14;
    static final int WRETR = 15;
    static final int WREDIS = 16;
    static final int STATUS = 17;
    static final int WEIGHT = 18;
    static final int ACT = 19;
    static final int BCK = 20;
    static final int CHKFAIL = 21;
    static final int CHKDOWN = 22;
    static final int LASTCHG = 23;
    static final int DOWNTIME = 24;
    static final int PID = 26;
    static final int IID = 27;
    static final int SID = 28;
    static final int THROTTLE = 29;
    static final int LBTOT = 30;
    static final int TRACKED = 31;
    static final int TYPE = 32;
    static final int RATE = 33;
    static final int RATE_LIM = 34;
    static final int RATE_MAX = 35;
    static final int CHECK_STATUS = 36;
    static final int CHECK_CODE = 37;
    static final int CHECK_DURATION = 38;
    static final int HRSP_1XX = 39;
    static final int INTERCEPTED = NAMES.indexOf("intercepted");
    static final int CACHE_LOOKUPS = NAMES.indexOf("cache_lookups");
    static final int CACHE_HITS = NAMES.indexOf("cache_hits");
    static final int REQ_RATE = 46;
    static final int REQ_RATE_MAX = 47;
    static final int REQ_TOT = 48;
    static final int CLI_ABRT = 49;
    static final int SRV_ABRT = 50;
    static final int COMP_IN = 51;
    static final int LASTSESS = 55;
    static final int LAST_CHK = 56;
    static final int LAST_AGT = 57;
    static final int QTIME = 58;
    static final int CTIME = 59;
    static final int RTIME = 60;
    static final int TTIME = 61;
    static final int AGENT_STATUS = 62;
    static final int AGENT_CODE = 63;
    static final int AGENT_DURATION = 64;
    static final int CHECK_DESC = 65;
    static final int AGENT_DESC = 66;
    static final int CHECK_RISE = 67;
    static final int CHECK_FALL = 68;
    static final int CHECK_HEALTH = 69;
    static final int AGENT_RISE = 70;
    static final int AGENT_FALL = 71;
    static final int AGENT_HEALTH = 72;
    static final int ADDR = 73;
    static final int MODE = 75;
    static final int ALGO = 76;
    static final int CONN_RATE = 77;
    static final int CONN_RATE_MAX = 78;
    static final int CONN_TOT = 79;
    static final int DCON = 81;
    static final int DSES = 82;
    static final int WREW = 83;
    static final int CONNECT = 84;
    static final int REUSE = 85;
    static final int SRV_ICUR = 88;
    static final int QTIME_MAX = 90;
    static final int CTIME_MAX = 91;
    static final int RTIME_MAX = 92;
    static final int TTIME_MAX = 93;
    static final int EINT = 94;
    static final int IDLE_CONN_CUR = 95;
    static final int SAFE_CONN_CUR = 96;
    static final int USED_CONN_CUR = 97;
    static final int NEED_CONN_EST = 98;
    static final int UWEIGHT = 99;
    static final int AGG_SERVER_STATUS = 100;
    static final int AGG_SERVER_CHECK_STATUS = 101;
    static final int AGG_CHECK_STATUS = 102;

    /** The position of a column by its name ({@code "status"}), or -1. */
    public static int position(String name) {
        int i = NAMES.indexOf(name);
        return i >= 0 ? i : MODULES.indexOf(name) < 0 ? -1 : STANDARD + MODULES.indexOf(name);
    }

    public static String name(int pos) {
        return pos < STANDARD ? NAMES.get(pos) : MODULES.get(pos - STANDARD);
    }

    /** Module column values: always zero in Bascule (no TLS, no HTTP yet). */
    static void zeroModules(Field[] row, int count) {
        for (int i = 0; i < count; i++) {
            String name = MODULES.get(i);
            row[STANDARD + i] = Field.u64(MODULE_GAUGES.contains(name) ? "MGP" : "MCP", 0);
        }
    }

    /** "# pxname,svname,…,agg_check_status,-,ssl_sess,…," as HAProxy 2.6 prints it. */
    public static String csvHeader() {
        StringBuilder b = new StringBuilder("# ");
        for (String n : NAMES) {
            b.append(n).append(',');
        }
        b.append("-,");
        for (String n : MODULES) {
            b.append(n).append(',');
        }
        return b.append('\n').toString();
    }
}
