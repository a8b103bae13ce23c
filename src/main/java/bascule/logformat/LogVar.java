package bascule.logformat;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables of HAProxy's log-format language ({@code %ci}, {@code %Tw}, {@code %tsc}…), each with the key
 * it gets in a JSON line. {@code o} is not a value: it sets flags for the variables after it.
 */
enum LogVar {
    CLIENT_IP("ci", "client_ip"),
    CLIENT_PORT("cp", "client_port"),
    FRONTEND_IP("fi", "frontend_ip"),
    FRONTEND_PORT("fp", "frontend_port"),
    BACKEND_IP("bi", "backend_source_ip"),
    BACKEND_PORT("bp", "backend_source_port"),
    SERVER_IP("si", "server_ip"),
    SERVER_PORT("sp", "server_port"),
    ACCEPT_DATE("t", "accept_date"),
    REQUEST_DATE("tr", "request_date"),
    REQUEST_DATE_GMT("trg", "request_date_gmt"),
    REQUEST_DATE_LOCAL("trl", "request_date_local"),
    ACCEPT_DATE_GMT("T", "accept_date_gmt"),
    ACCEPT_DATE_LOCAL("Tl", "accept_date_local"),
    ACCEPT_TIMESTAMP("Ts", "accept_timestamp"),
    ACCEPT_MILLIS("ms", "accept_ms"),
    FRONTEND_TRANSPORT("ft", "frontend_name_transport"),
    FRONTEND("f", "frontend_name"),
    BACKEND("b", "backend_name"),
    SERVER("s", "server_name"),
    TIME_HANDSHAKE("Th", "handshake_time"),
    TIME_IDLE("Ti", "idle_time"),
    TIME_REQUEST("TR", "request_time"),
    TIME_REQUEST_TOTAL("Tq", "request_total_time"),
    TIME_QUEUE("Tw", "queue_time"),
    TIME_CONNECT("Tc", "connect_time"),
    TIME_RESPONSE("Tr", "response_time"),
    TIME_ACTIVE("Ta", "active_time"),
    TIME_TOTAL("Tt", "total_time"),
    TIME_DATA("Td", "data_time"),
    STATUS("ST", "status_code"),
    BYTES_READ("B", "bytes_read"),
    BYTES_UPLOADED("U", "bytes_uploaded"),
    REQUEST_COOKIE("CC", "captured_request_cookie"),
    RESPONSE_COOKIE("CS", "captured_response_cookie"),
    TERMINATION("ts", "termination_state"),
    TERMINATION_COOKIE("tsc", "termination_state_cookie"),
    ACTCONN("ac", "actconn"),
    FECONN("fc", "feconn"),
    BECONN("bc", "beconn"),
    SRVCONN("sc", "srv_conn"),
    RETRIES("rc", "retries"),
    SERVER_QUEUE("sq", "srv_queue"),
    BACKEND_QUEUE("bq", "backend_queue"),
    REQUEST_HEADERS("hr", "captured_request_headers"),
    RESPONSE_HEADERS("hs", "captured_response_headers"),
    REQUEST_HEADERS_LIST("hrl", "captured_request_headers_list"),
    RESPONSE_HEADERS_LIST("hsl", "captured_response_headers_list"),
    REQUEST_LINE("r", "http_request"),
    METHOD("HM", "http_method"),
    URI("HU", "http_uri"),
    PATH("HP", "http_path"),
    QUERY("HQ", "http_query"),
    VERSION("HV", "http_version"),
    UNIQUE_ID("ID", "unique_id"),
    REQUEST_COUNTER("rt", "request_counter"),
    LOG_COUNTER("lc", "log_counter"),
    PID("pid", "pid"),
    HOSTNAME("H", "hostname"),
    OPTIONS("o", null);

    private static final Map<String, LogVar> BY_CODE = new HashMap<>();

    static {
        for (LogVar v : values()) {
            BY_CODE.put(v.code, v);
        }
    }

    final String code;
    final String jsonName;

    LogVar(String code, String jsonName) {
        this.code = code;
        this.jsonName = jsonName;
    }

    static LogVar of(String code) {
        return BY_CODE.get(code);
    }

    static java.util.Set<String> codes() {
        return BY_CODE.keySet();
    }

    /** Variables whose value is a number: never quoted, written bare in JSON. */
    boolean numeric() {
        return switch (this) {
            case CLIENT_PORT, FRONTEND_PORT, BACKEND_PORT, SERVER_PORT, ACCEPT_TIMESTAMP, TIME_HANDSHAKE, TIME_IDLE,
                 TIME_REQUEST, TIME_REQUEST_TOTAL, TIME_QUEUE, TIME_CONNECT, TIME_RESPONSE, TIME_ACTIVE, TIME_TOTAL,
                 TIME_DATA, STATUS, BYTES_READ, BYTES_UPLOADED, ACTCONN, FECONN, BECONN, SRVCONN, SERVER_QUEUE,
                 BACKEND_QUEUE, REQUEST_COUNTER, LOG_COUNTER, PID -> true;
            default -> false;
        };
    }
}
