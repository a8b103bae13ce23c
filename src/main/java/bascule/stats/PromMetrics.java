package bascule.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of HAProxy 2.6's Prometheus exporter, in its order, with its names, types and help texts
 * (dashboards and alerts key on them), each tied to where its value comes from: a {@code show info} line for
 * the process, a {@code show stat} column for proxies and servers, or one of the computed values below
 * (names starting with {@code @}). A source ending in {@code :ms} is a time in milliseconds that the exporter
 * gives in seconds.
 */
final class PromMetrics {
    private PromMetrics() {
    }

    /** One metric: its full name, {@code gauge} or {@code counter}, where its value comes from, its help. */
    record Metric(String name, String type, String source, String help) {
        /** True when the value is a duration in milliseconds to print in seconds. */
        boolean millis() {
            return source.endsWith(":ms");
        }

        /** The show stat column or show info line, without the unit suffix. */
        String field() {
            return millis() ? source.substring(0, source.length() - 3) : source;
        }

        boolean computed() {
            return source.startsWith("@");
        }
    }

    /**
     * The columns HAProxy exports only for proxies (and servers of backends) in HTTP mode: a TCP proxy has
     * no HTTP requests, responses, compression, cache or interceptions to count.
     */
    static final List<String> HTTP_ONLY = List.of("@http_responses", "req_rate_max", "req_tot", "comp_in",
            "comp_out", "comp_byp", "comp_rsp", "intercepted", "cache_lookups", "cache_hits");

    /** The {@code code} label values of {@code http_responses_total}, each from its {@code hrsp_} column. */
    static final List<String> CODES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", "other");

    /** The {@code state} label values of a server's state (and of a backend's server counts by state). */
    static final List<String> SERVER_STATES = List.of("DOWN", "UP", "MAINT", "DRAIN", "NOLB");

    /** The {@code state} label values of a frontend's or backend's status. */
    static final List<String> PROXY_STATES = List.of("DOWN", "UP");

    /** The {@code state} label values of {@code check_status}: the outcomes of a finished check. */
    static final List<String> CHECK_STATES = List.of("HANA", "SOCKERR", "L4OK", "L4TOUT", "L4CON", "L6OK",
            "L6TOUT", "L6RSP", "L7TOUT", "L7RSP", "L7OK", "L7OKC", "L7STS", "PROCERR", "PROCTOUT", "PROCOK");

    static final List<Metric> PROCESS = table("haproxy_process_", """
            nbthread|gauge|Nbthread|Number of started threads (global.nbthread)
            nbproc|gauge|Nbproc|Number of started worker processes (historical, always 1)
            relative_process_id|gauge|Process_num|Relative worker process number (1)
            uptime_seconds|gauge|Uptime_sec|How long ago this worker process was started (seconds)
            pool_failures_total|counter|PoolFailed|Number of failed pool allocations since this worker was started
            max_fds|gauge|Ulimit-n|Hard limit on the number of per-process file descriptors
            max_sockets|gauge|Maxsock|Hard limit on the number of per-process sockets
            max_connections|gauge|Maxconn|Hard limit on the number of per-process connections (configured or imposed by Ulimit-n)
            hard_max_connections|gauge|Hard_maxconn|Hard limit on the number of per-process connections (imposed by Memmax_MB or Ulimit-n)
            current_connections|gauge|CurrConns|Current number of connections on this worker process
            connections_total|counter|CumConns|Total number of connections on this worker process since started
            requests_total|counter|CumReq|Total number of requests on this worker process since started
            max_ssl_connections|gauge|MaxSslConns|Hard limit on the number of per-process SSL endpoints (front+back), 0=unlimited
            current_ssl_connections|gauge|CurrSslConns|Current number of SSL endpoints on this worker process (front+back)
            ssl_connections_total|counter|CumSslConns|Total number of SSL endpoints on this worker process since started (front+back)
            max_pipes|gauge|Maxpipes|Hard limit on the number of pipes for splicing, 0=unlimited
            pipes_used_total|counter|PipesUsed|Current number of pipes in use in this worker process
            pipes_free_total|counter|PipesFree|Current number of allocated and available pipes in this worker process
            current_connection_rate|gauge|ConnRate|Number of front connections created on this worker process over the last second
            limit_connection_rate|gauge|ConnRateLimit|Hard limit for ConnRate (global.maxconnrate)
            max_connection_rate|gauge|MaxConnRate|Highest ConnRate reached on this worker process since started (in connections per second)
            current_session_rate|gauge|SessRate|Number of sessions created on this worker process over the last second
            limit_session_rate|gauge|SessRateLimit|Hard limit for SessRate (global.maxsessrate)
            max_session_rate|gauge|MaxSessRate|Highest SessRate reached on this worker process since started (in sessions per second)
            current_ssl_rate|gauge|SslRate|Number of SSL connections created on this worker process over the last second
            limit_ssl_rate|gauge|SslRateLimit|Hard limit for SslRate (global.maxsslrate)
            max_ssl_rate|gauge|MaxSslRate|Highest SslRate reached on this worker process since started (in connections per second)
            current_frontend_ssl_key_rate|gauge|SslFrontendKeyRate|Number of SSL keys created on frontends in this worker process over the last second
            max_frontend_ssl_key_rate|gauge|SslFrontendMaxKeyRate|Highest SslFrontendKeyRate reached on this worker process since started (in SSL keys per second)
            frontend_ssl_reuse|gauge|SslFrontendSessionReuse_pct|Percent of frontend SSL connections which did not require a new key
            current_backend_ssl_key_rate|gauge|SslBackendKeyRate|Number of SSL keys created on backends in this worker process over the last second
            max_backend_ssl_key_rate|gauge|SslBackendMaxKeyRate|Highest SslBackendKeyRate reached on this worker process since started (in SSL keys per second)
            ssl_cache_lookups_total|counter|SslCacheLookups|Total number of SSL session ID lookups in the SSL session cache on this worker since started
            ssl_cache_misses_total|counter|SslCacheMisses|Total number of SSL session ID lookups that didn't find a session in the SSL session cache on this worker since started
            http_comp_bytes_in_total|counter|CompressBpsIn|Number of bytes submitted to the HTTP compressor in this worker process over the last second
            http_comp_bytes_out_total|counter|CompressBpsOut|Number of bytes emitted by the HTTP compressor in this worker process over the last second
            limit_http_comp|gauge|CompressBpsRateLim|Limit of CompressBpsOut beyond which HTTP compression is automatically disabled
            current_zlib_memory|gauge|ZlibMemUsage|Amount of memory currently used by HTTP compression on the current worker process (in bytes)
            max_zlib_memory|gauge|MaxZlibMemUsage|Limit on the amount of memory used by HTTP compression above which it is automatically disabled (in bytes, see global.maxzlibmem)
            current_tasks|gauge|Tasks|Total number of tasks in the current worker process (active + sleeping)
            current_run_queue|gauge|Run_queue|Total number of active tasks+tasklets in the current worker process
            idle_time_percent|gauge|Idle_pct|Percentage of last second spent waiting in the current worker thread
            stopping|gauge|Stopping|1 if the worker process is currently stopping, otherwise zero
            jobs|gauge|Jobs|Current number of active jobs on the current worker process (frontend connections, master connections, listeners)
            unstoppable_jobs|gauge|Unstoppable Jobs|Current number of unstoppable jobs on the current worker process (master connections)
            listeners|gauge|Listeners|Current number of active listeners on the current worker process
            active_peers|gauge|ActivePeers|Current number of verified active peers connections on the current worker process
            connected_peers|gauge|ConnectedPeers|Current number of peers having passed the connection step on the current worker process
            dropped_logs_total|counter|DroppedLogs|Total number of dropped logs for current worker process since started
            busy_polling_enabled|gauge|BusyPolling|1 if busy-polling is currently in use on the worker process, otherwise zero (config.busy-polling)
            failed_resolutions|counter|FailedResolutions|Total number of failed DNS resolutions in current worker process since started
            bytes_out_total|counter|TotalBytesOut|Total number of bytes emitted by current worker process since started
            spliced_bytes_out_total|counter|TotalSplicdedBytesOut|Total number of bytes emitted by current worker process through a kernel pipe since started
            bytes_out_rate|gauge|BytesOutRate|Number of bytes emitted by current worker process over the last second
            recv_logs_total|counter|CumRecvLogs|Total number of log messages received by log-forwarding listeners on this worker process since started
            build_info|gauge|@build_info|Build info
            max_memory_bytes|gauge|Memmax_bytes|Worker process's hard limit on memory usage in byes (-m on command line)
            pool_allocated_bytes|gauge|PoolAlloc_bytes|Amount of memory allocated in pools (in bytes)
            pool_used_bytes|gauge|PoolUsed_bytes|Amount of pool memory currently used (in bytes)
            start_time_seconds|gauge|Start_time_sec|Start time in seconds
            """);

    static final List<Metric> FRONTEND = table("haproxy_frontend_", """
            current_sessions|gauge|scur|Number of current sessions on the frontend, backend or server
            max_sessions|gauge|smax|Highest value of current sessions encountered since process started
            limit_sessions|gauge|slim|Frontend/listener/server's maxconn, backend's fullconn
            sessions_total|counter|stot|Total number of sessions since process started
            bytes_in_total|counter|bin|Total number of request bytes since process started
            bytes_out_total|counter|bout|Total number of response bytes since process started
            requests_denied_total|counter|dreq|Total number of denied requests since process started
            responses_denied_total|counter|dresp|Total number of denied responses since process started
            request_errors_total|counter|ereq|Total number of invalid requests since process started
            status|gauge|@status|Current status of the service, per state label value.
            limit_session_rate|gauge|rate_lim|Limit on the number of sessions accepted in a second (frontend only, 'rate-limit sessions' setting)
            max_session_rate|gauge|rate_max|Highest value of sessions per second observed since the worker process started
            http_responses_total|counter|@http_responses|Total number of HTTP responses with status 100-199 returned by this object since the worker process started
            http_requests_rate_max|gauge|req_rate_max|Highest value of http requests observed since the worker process started
            http_requests_total|counter|req_tot|Total number of HTTP requests processed by this object since the worker process started
            http_comp_bytes_in_total|counter|comp_in|Total number of bytes submitted to the HTTP compressor for this object since the worker process started
            http_comp_bytes_out_total|counter|comp_out|Total number of bytes emitted by the HTTP compressor for this object since the worker process started
            http_comp_bytes_bypassed_total|counter|comp_byp|Total number of bytes that bypassed HTTP compression for this object since the worker process started (CPU/memory/bandwidth limitation)
            http_comp_responses_total|counter|comp_rsp|Total number of HTTP responses that were compressed for this object since the worker process started
            connections_rate_max|gauge|conn_rate_max|Highest value of connections per second observed since the worker process started
            connections_total|counter|conn_tot|Total number of new connections accepted on this frontend since the worker process started
            intercepted_requests_total|counter|intercepted|Total number of HTTP requests intercepted on the frontend (redirects/stats/services) since the worker process started
            denied_connections_total|counter|dcon|Total number of incoming connections blocked on a listener/frontend by a tcp-request connection rule since the worker process started
            denied_sessions_total|counter|dses|Total number of incoming sessions blocked on a listener/frontend by a tcp-request connection rule since the worker process started
            failed_header_rewriting_total|counter|wrew|Total number of failed HTTP header rewrites since the worker process started
            http_cache_lookups_total|counter|cache_lookups|Total number of HTTP requests looked up in the cache on this frontend/backend since the worker process started
            http_cache_hits_total|counter|cache_hits|Total number of HTTP requests not found in the cache on this frontend/backend since the worker process started
            internal_errors_total|counter|eint|Total number of internal errors since process started
            """);

    static final List<Metric> BACKEND = table("haproxy_backend_", """
            current_queue|gauge|qcur|Number of current queued connections
            max_queue|gauge|qmax|Highest value of queued connections encountered since process started
            current_sessions|gauge|scur|Number of current sessions on the frontend, backend or server
            max_sessions|gauge|smax|Highest value of current sessions encountered since process started
            limit_sessions|gauge|slim|Frontend/listener/server's maxconn, backend's fullconn
            sessions_total|counter|stot|Total number of sessions since process started
            bytes_in_total|counter|bin|Total number of request bytes since process started
            bytes_out_total|counter|bout|Total number of response bytes since process started
            requests_denied_total|counter|dreq|Total number of denied requests since process started
            responses_denied_total|counter|dresp|Total number of denied responses since process started
            connection_errors_total|counter|econ|Total number of failed connections to server since the worker process started
            response_errors_total|counter|eresp|Total number of invalid responses since the worker process started
            retry_warnings_total|counter|wretr|Total number of server connection retries since the worker process started
            redispatch_warnings_total|counter|wredis|Total number of server redispatches due to connection failures since the worker process started
            status|gauge|@status|Current status of the service, per state label value.
            weight|gauge|weight|Server's effective weight, or sum of active servers' effective weights for a backend
            active_servers|gauge|act|Total number of active UP servers with a non-zero weight
            backup_servers|gauge|bck|Total number of backup UP servers with a non-zero weight
            check_up_down_total|counter|chkdown|Total number of failed checks causing UP to DOWN server transitions, per server/backend, since the worker process started
            check_last_change_seconds|gauge|lastchg|How long ago the last server state changed, in seconds
            downtime_seconds_total|counter|downtime|Total time spent in DOWN state, for server or backend
            loadbalanced_total|counter|lbtot|Total number of requests routed by load balancing since the worker process started (ignores queue pop and stickiness)
            max_session_rate|gauge|rate_max|Highest value of sessions per second observed since the worker process started
            http_responses_total|counter|@http_responses|Total number of HTTP responses with status 100-199 returned by this object since the worker process started
            http_requests_total|counter|req_tot|Total number of HTTP requests processed by this object since the worker process started
            client_aborts_total|counter|cli_abrt|Total number of requests or connections aborted by the client since the worker process started
            server_aborts_total|counter|srv_abrt|Total number of requests or connections aborted by the server since the worker process started
            http_comp_bytes_in_total|counter|comp_in|Total number of bytes submitted to the HTTP compressor for this object since the worker process started
            http_comp_bytes_out_total|counter|comp_out|Total number of bytes emitted by the HTTP compressor for this object since the worker process started
            http_comp_bytes_bypassed_total|counter|comp_byp|Total number of bytes that bypassed HTTP compression for this object since the worker process started (CPU/memory/bandwidth limitation)
            http_comp_responses_total|counter|comp_rsp|Total number of HTTP responses that were compressed for this object since the worker process started
            last_session_seconds|gauge|lastsess|How long ago some traffic was seen on this object on this worker process, in seconds
            queue_time_average_seconds|gauge|qtime:ms|Avg. queue time for last 1024 successful connections.
            connect_time_average_seconds|gauge|ctime:ms|Avg. connect time for last 1024 successful connections.
            response_time_average_seconds|gauge|rtime:ms|Avg. response time for last 1024 successful connections.
            total_time_average_seconds|gauge|ttime:ms|Avg. total time for last 1024 successful connections.
            failed_header_rewriting_total|counter|wrew|Total number of failed HTTP header rewrites since the worker process started
            connection_attempts_total|counter|connect|Total number of outgoing connection attempts on this backend/server since the worker process started
            connection_reuses_total|counter|reuse|Total number of reused connection on this backend/server since the worker process started
            http_cache_lookups_total|counter|cache_lookups|Total number of HTTP requests looked up in the cache on this frontend/backend since the worker process started
            http_cache_hits_total|counter|cache_hits|Total number of HTTP requests not found in the cache on this frontend/backend since the worker process started
            max_queue_time_seconds|gauge|qtime_max:ms|Maximum observed time spent in the queue
            max_connect_time_seconds|gauge|ctime_max:ms|Maximum observed time spent waiting for a connection to complete
            max_response_time_seconds|gauge|rtime_max:ms|Maximum observed time spent waiting for a server response
            max_total_time_seconds|gauge|ttime_max:ms|Maximum observed total request+response time (request+queue+connect+response+processing)
            internal_errors_total|counter|eint|Total number of internal errors since process started
            uweight|gauge|uweight|Server's user weight, or sum of active servers' user weights for a backend
            agg_server_status|gauge|@agg_server_status|Backend's aggregated gauge of servers' status
            agg_server_check_status|gauge|@agg_server_status|Backend's aggregated gauge of servers' state check status
            agg_check_status|gauge|@agg_check_status|Backend's aggregated gauge of servers' state check status
            """);

    static final List<Metric> SERVER = table("haproxy_server_", """
            current_queue|gauge|qcur|Number of current queued connections
            max_queue|gauge|qmax|Highest value of queued connections encountered since process started
            current_sessions|gauge|scur|Number of current sessions on the frontend, backend or server
            max_sessions|gauge|smax|Highest value of current sessions encountered since process started
            limit_sessions|gauge|slim|Frontend/listener/server's maxconn, backend's fullconn
            sessions_total|counter|stot|Total number of sessions since process started
            bytes_in_total|counter|bin|Total number of request bytes since process started
            bytes_out_total|counter|bout|Total number of response bytes since process started
            responses_denied_total|counter|dresp|Total number of denied responses since process started
            connection_errors_total|counter|econ|Total number of failed connections to server since the worker process started
            response_errors_total|counter|eresp|Total number of invalid responses since the worker process started
            retry_warnings_total|counter|wretr|Total number of server connection retries since the worker process started
            redispatch_warnings_total|counter|wredis|Total number of server redispatches due to connection failures since the worker process started
            status|gauge|@status|Current status of the service, per state label value.
            weight|gauge|weight|Server's effective weight, or sum of active servers' effective weights for a backend
            check_failures_total|counter|chkfail|Total number of failed individual health checks per server/backend, since the worker process started
            check_up_down_total|counter|chkdown|Total number of failed checks causing UP to DOWN server transitions, per server/backend, since the worker process started
            check_last_change_seconds|gauge|lastchg|How long ago the last server state changed, in seconds
            downtime_seconds_total|counter|downtime|Total time spent in DOWN state, for server or backend
            queue_limit|gauge|qlimit|Limit on the number of connections in queue, for servers only (maxqueue argument)
            current_throttle|gauge|throttle|Throttling ratio applied to a server's maxconn and weight during the slowstart period (0 to 100%)
            loadbalanced_total|counter|lbtot|Total number of requests routed by load balancing since the worker process started (ignores queue pop and stickiness)
            max_session_rate|gauge|rate_max|Highest value of sessions per second observed since the worker process started
            check_status|gauge|@check_status|Status of last health check, per state label value.
            check_code|gauge|@check_code|layer5-7 code, if available of the last health check.
            check_duration_seconds|gauge|@check_duration|Total duration of the latest server health check, in seconds.
            http_responses_total|counter|@http_responses|Total number of HTTP responses with status 100-199 returned by this object since the worker process started
            client_aborts_total|counter|cli_abrt|Total number of requests or connections aborted by the client since the worker process started
            server_aborts_total|counter|srv_abrt|Total number of requests or connections aborted by the server since the worker process started
            last_session_seconds|gauge|lastsess|How long ago some traffic was seen on this object on this worker process, in seconds
            queue_time_average_seconds|gauge|qtime:ms|Avg. queue time for last 1024 successful connections.
            connect_time_average_seconds|gauge|ctime:ms|Avg. connect time for last 1024 successful connections.
            response_time_average_seconds|gauge|rtime:ms|Avg. response time for last 1024 successful connections.
            total_time_average_seconds|gauge|ttime:ms|Avg. total time for last 1024 successful connections.
            failed_header_rewriting_total|counter|wrew|Total number of failed HTTP header rewrites since the worker process started
            connection_attempts_total|counter|connect|Total number of outgoing connection attempts on this backend/server since the worker process started
            connection_reuses_total|counter|reuse|Total number of reused connection on this backend/server since the worker process started
            idle_connections_current|gauge|srv_icur|Current number of idle connections available for reuse on this server
            idle_connections_limit|gauge|src_ilim|Limit on the number of available idle connections on this server (server 'pool_max_conn' directive)
            max_queue_time_seconds|gauge|qtime_max:ms|Maximum observed time spent in the queue
            max_connect_time_seconds|gauge|ctime_max:ms|Maximum observed time spent waiting for a connection to complete
            max_response_time_seconds|gauge|rtime_max:ms|Maximum observed time spent waiting for a server response
            max_total_time_seconds|gauge|ttime_max:ms|Maximum observed total request+response time (request+queue+connect+response+processing)
            internal_errors_total|counter|eint|Total number of internal errors since process started
            unsafe_idle_connections_current|gauge|idle_conn_cur|Current number of unsafe idle connections
            safe_idle_connections_current|gauge|safe_conn_cur|Current number of safe idle connections
            used_connections_current|gauge|used_conn_cur|Current number of connections in use
            need_connections_current|gauge|need_conn_est|Estimated needed number of connections
            uweight|gauge|uweight|Server's user weight, or sum of active servers' user weights for a backend
            """);
    private static List<Metric> table(String prefix, String text) {
        List<Metric> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.strip().split("\\|", 4);
            out.add(new Metric(prefix + p[0], p[1], p[2], p[3]));
        }
        return List.copyOf(out);
    }
}
