package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import bascule.model.Position;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
    private static final Function<String, String> NO_ENV = name -> null;

    private static ConfigFile parse(String text) throws ConfigException {
        return ConfigParser.parse(text, "haproxy.cfg", NO_ENV);
    }

    private static ConfigFile parse(String text, Map<String, String> env) throws ConfigException {
        return ConfigParser.parse(text, "haproxy.cfg", env::get);
    }

    private static void assertFails(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    /** Each section as "type args..." followed by its lines as "line: words joined by |". */
    private static List<String> outline(ConfigFile config) {
        List<String> out = new ArrayList<>();
        for (Section section : config.sections()) {
            out.add(section.position().line() + " " + section.type() + (section.args().isEmpty() ? "" : " " + String.join(" ", section.args())));
            for (ConfigLine line : section.lines()) {
                out.add("  " + line.position().line() + ": " + String.join("|", line.words()));
            }
        }
        return out;
    }

    @Test
    void sectionsCollectTheLinesBelowThem() throws Exception {
        ConfigFile config = parse("""
                # leading comment
                global
                    daemon

                defaults
                    mode http   # or tcp
                frontend fe from web_defaults
                    bind :80
                """);
        assertThat(outline(config)).containsExactly(
                "2 global", "  3: daemon",
                "5 defaults", "  6: mode|http",
                "7 frontend fe from web_defaults", "  8: bind|:80");
        Section frontend = config.sections().get(2);
        assertThat(frontend.position()).isEqualTo(new Position("haproxy.cfg", 7));
        assertThat(frontend.name()).isEqualTo("fe");
        assertThat(frontend.args()).containsExactly("fe", "from", "web_defaults");
        assertThat(frontend.lines().get(0).position()).isEqualTo(new Position("haproxy.cfg", 8));
    }

    @Test
    void manualExampleWithCommentsGluedToWordsParses() throws Exception {
        ConfigFile config = parse("    global#this is the global section\ndaemon#daemonize\n    frontend         foo\nmode             http   # or tcp\n");
        assertThat(outline(config)).containsExactly("1 global", "  2: daemon", "3 frontend foo", "  4: mode|http");
    }

    @Test
    void everySectionKeywordOpensASection() throws Exception {
        List<String> keywords = List.of("global", "defaults", "frontend", "backend", "listen", "userlist", "peers",
                "resolvers", "mailers", "http-errors", "ring", "cache", "program", "fcgi-app", "crt-store", "traces",
                "log-forward");
        assertThat(ConfigParser.SECTION_KEYWORDS).containsExactlyInAnyOrderElementsOf(keywords);
        StringBuilder text = new StringBuilder();
        for (String keyword : keywords) {
            text.append(keyword).append(" n\n  x\n");
        }
        ConfigFile config = parse(text.toString());
        assertThat(config.sections()).extracting(Section::type).containsExactlyElementsOf(keywords);
        assertThat(config.sections()).allSatisfy(s -> assertThat(s.lines()).hasSize(1));
    }

    @Test
    void quotedSectionNamesAndKeywordsResolveBeforeMatching() throws Exception {
        ConfigFile config = parse("\"backend\" \"my app\"\n  'server' s1 \"${ADDR}\"\n", Map.of("ADDR", "10.0.0.1:80"));
        assertThat(outline(config)).containsExactly("1 backend my app", "  2: server|s1|10.0.0.1:80");
        assertThat(config.sections().get(0).name()).isEqualTo("my app");
    }

    @Test
    void linesBeforeTheFirstSectionAreAnError() {
        assertFails("# header\n\n  maxconn 100\nglobal\n",
                "haproxy.cfg:3: 'maxconn' is outside of any section (a config starts with 'global', 'defaults', 'frontend', 'backend' or 'listen')");
    }

    @Test
    void emptyTextHasNoSections() throws Exception {
        assertThat(parse("").sections()).isEmpty();
        assertThat(parse("\n# only comments\n\n").sections()).isEmpty();
    }

    @Test
    void continuationKeepsTheStartingPositionAndLaterLinesKeepTheirNumbers() throws Exception {
        ConfigFile config = parse("frontend f\n  bind :443 ssl \\\n     crt a.pem\n  mode http\n");
        assertThat(outline(config)).containsExactly("1 frontend f", "  2: bind|:443|ssl|crt|a.pem", "  4: mode|http");
    }

    @Test
    void errorsInsideSectionsReportTheirOwnLine() {
        assertFails("global\n  daemon\nbackend b\n  server s \"10.0.0.1\n", "haproxy.cfg:4: unterminated double quote");
    }

    // ---- configurations copied verbatim from the seed documents ----

    @Test
    void seed001FlushLeftTcpFrontendAndBackend() throws Exception {
        ConfigFile config = parse("""
                frontend pgsql_frontend
                bind *:5432
                mode tcp
                default_backend pgsql_backend
                backend pgsql_backend
                mode tcp
                balance roundrobin
                server pgsql_node1 192.168.1.10:5432 check
                server pgsql_node2 192.168.1.11:5432 check
                server pgsql_node3 192.168.1.12:5432 check
                """);
        assertThat(outline(config)).containsExactly(
                "1 frontend pgsql_frontend",
                "  2: bind|*:5432",
                "  3: mode|tcp",
                "  4: default_backend|pgsql_backend",
                "5 backend pgsql_backend",
                "  6: mode|tcp",
                "  7: balance|roundrobin",
                "  8: server|pgsql_node1|192.168.1.10:5432|check",
                "  9: server|pgsql_node2|192.168.1.11:5432|check",
                "  10: server|pgsql_node3|192.168.1.12:5432|check");
    }

    @Test
    void seed003MinimalTcpListen() throws Exception {
        ConfigFile config = parse("""
                global
                    log /dev/log local0
                    log /dev/log local1 notice
                    daemon

                defaults
                    mode tcp
                    timeout connect 5000ms
                    timeout client 50000ms
                    timeout server 50000ms

                listen my_tcp_service
                    bind 192.168.1.1:1234
                    server backend1 192.168.1.100:5000 check
                """);
        assertThat(outline(config)).containsExactly(
                "1 global", "  2: log|/dev/log|local0", "  3: log|/dev/log|local1|notice", "  4: daemon",
                "6 defaults", "  7: mode|tcp", "  8: timeout|connect|5000ms", "  9: timeout|client|50000ms",
                "  10: timeout|server|50000ms",
                "12 listen my_tcp_service", "  13: bind|192.168.1.1:1234", "  14: server|backend1|192.168.1.100:5000|check");
    }

    @Test
    void seed002BaseConfigurationWithEscapedHealthCheckRequest() throws Exception {
        ConfigFile config = parse("""
                global
                log 127.0.0.1 local0
                log 127.0.0.1 local1 notice
                chroot /var/lib/haproxy
                pidfile /var/run/haproxy.pid
                maxconn 50000
                user haproxy
                group haproxy
                daemon
                stats socket /var/run/haproxy/admin.sock mode 660 level admin
                tune.ssl.default-dh-param 2048
                defaults
                log global
                mode http
                option httplog
                option dontlognull
                option forwardfor
                option http-server-close
                timeout connect 5s
                timeout client 30s
                timeout server 30s
                retries 3
                errorfile 503 /etc/haproxy/errors/503.http
                frontend http_in
                bind 10.10.10.1:80
                bind 10.10.10.1:443 ssl crt /etc/haproxy/certs/solvethenetwork.com.pem
                http-request redirect scheme https unless { ssl_fc }
                default_backend web_servers
                backend web_servers
                balance roundrobin
                option httpchk GET /healthz HTTP/1.1\\r\\nHost:\\ solvethenetwork.com
                http-check expect status 200
                server web01 10.10.10.11:8080 check inter 3s rise 2 fall 3
                server web02 10.10.10.12:8080 check inter 3s rise 2 fall 3
                server web03 10.10.10.13:8080 check inter 3s rise 2 fall 3
                """);
        assertThat(config.sections()).extracting(Section::type, Section::name).containsExactly(
                tuple("global", null), tuple("defaults", null), tuple("frontend", "http_in"), tuple("backend", "web_servers"));
        assertThat(config.sections().get(0).lines()).hasSize(10);
        assertThat(config.sections().get(0).lines().get(8).words())
                .containsExactly("stats", "socket", "/var/run/haproxy/admin.sock", "mode", "660", "level", "admin");
        assertThat(config.sections().get(1).lines()).hasSize(11);
        ConfigLine redirect = config.sections().get(2).lines().get(2);
        assertThat(redirect.position()).isEqualTo(new Position("haproxy.cfg", 27));
        assertThat(redirect.words()).containsExactly("http-request", "redirect", "scheme", "https", "unless", "{", "ssl_fc", "}");
        ConfigLine httpchk = config.sections().get(3).lines().get(1);
        assertThat(httpchk.position()).isEqualTo(new Position("haproxy.cfg", 31));
        assertThat(httpchk.words()).containsExactly("option", "httpchk", "GET", "/healthz", "HTTP/1.1\r\nHost: solvethenetwork.com");
        assertThat(config.sections().get(3).lines().get(5).words())
                .containsExactly("server", "web03", "10.10.10.13:8080", "check", "inter", "3s", "rise", "2", "fall", "3");
    }

    @Test
    void seed002TlsTerminationWrappedWithBackslashes() throws Exception {
        ConfigFile config = parse("""
                frontend tls_termination
                bind 10.10.10.1:443 ssl crt /etc/haproxy/certs/solvethenetwork.com.pem \\
                ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384 \\
                no-sslv3 no-tlsv10 no-tlsv11 \\
                alpn h2,http/1.1
                http-response set-header Strict-Transport-Security \\
                "max-age=63072000; includeSubDomains; preload"
                default_backend web_servers
                """);
        assertThat(outline(config)).containsExactly(
                "1 frontend tls_termination",
                "  2: bind|10.10.10.1:443|ssl|crt|/etc/haproxy/certs/solvethenetwork.com.pem|ciphers"
                        + "|ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384|no-sslv3|no-tlsv10|no-tlsv11|alpn|h2,http/1.1",
                "  6: http-response|set-header|Strict-Transport-Security|max-age=63072000; includeSubDomains; preload",
                "  8: default_backend|web_servers");
    }

    @Test
    void seed002StatsAndLogging() throws Exception {
        ConfigFile config = parse("""
                listen stats
                bind 10.10.10.1:8404
                stats enable
                stats uri /haproxy?stats
                stats realm HAProxy\\ Statistics
                stats auth infrarunbook-admin:S3cur3P@ssw0rd!
                stats refresh 5s
                stats show-node
                stats show-legends
                stats hide-version
                global
                log 127.0.0.1:514 local0 info
                defaults
                log global
                option httplog
                log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}r"
                """);
        List<ConfigLine> stats = config.sections().get(0).lines();
        assertThat(stats).hasSize(9);
        assertThat(stats.get(3).words()).containsExactly("stats", "realm", "HAProxy Statistics");
        assertThat(stats.get(4).words()).containsExactly("stats", "auth", "infrarunbook-admin:S3cur3P@ssw0rd!");
        ConfigLine logFormat = config.sections().get(2).lines().get(2);
        assertThat(logFormat.position().line()).isEqualTo(16);
        assertThat(logFormat.words()).containsExactly("log-format",
                "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}r");
    }

    // ---- files and directories ----

    @Test
    void parseFilesConcatenatesSectionsWithTheirOwnFileNames(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.cfg"), "global\n  daemon\n");
        Path b = Files.writeString(dir.resolve("b.conf"), "\nbackend be\n  server s1 \"${ADDR}\"\n");
        ConfigFile config = ConfigParser.parseFiles(List.of(b, a), Map.of("ADDR", "1.2.3.4:80")::get);
        assertThat(config.sections()).extracting(Section::type).containsExactly("backend", "global");
        assertThat(config.sections().get(0).position()).isEqualTo(new Position(b.toString(), 2));
        assertThat(config.sections().get(0).lines().get(0).words()).containsExactly("server", "s1", "1.2.3.4:80");
        assertThat(config.sections().get(1).lines().get(0).position()).isEqualTo(new Position(a.toString(), 2));
    }

    @Test
    void directoryContributesItsCfgFilesInLexicalOrder(@TempDir Path root) throws Exception {
        Path confd = Files.createDirectory(root.resolve("conf.d"));
        Files.writeString(confd.resolve("20-backend.cfg"), "backend b\n");
        Files.writeString(confd.resolve("10-frontend.cfg"), "frontend f\n");
        Files.writeString(confd.resolve("README.txt"), "not a config\n");
        Files.writeString(confd.resolve(".hidden.cfg"), "not loaded\n");
        Files.createDirectory(confd.resolve("sub.cfg"));
        Files.writeString(confd.resolve("sub.cfg").resolve("30-nested.cfg"), "listen nested\n");
        Path main = Files.writeString(root.resolve("haproxy.cfg"), "global\n");

        ConfigFile config = ConfigParser.parseFiles(List.of(main, confd), NO_ENV);
        assertThat(config.sections()).extracting(Section::type).containsExactly("global", "frontend", "backend");
        assertThat(config.sections()).extracting(s -> s.position().file()).containsExactly(
                main.toString(), confd + "/10-frontend.cfg", confd + "/20-backend.cfg");
    }

    @Test
    void eachFileMustStartWithASectionAndCloseItsBlocks(@TempDir Path dir) throws Exception {
        Path first = Files.writeString(dir.resolve("1.cfg"), "global\n");
        Path second = Files.writeString(dir.resolve("2.cfg"), "# continues global?\n  daemon\n");
        assertThatThrownBy(() -> ConfigParser.parseFiles(List.of(first, second), NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(second + ":2: 'daemon' is outside of any section");
        Path open = Files.writeString(dir.resolve("3.cfg"), "global\n.if 1\n");
        Path close = Files.writeString(dir.resolve("4.cfg"), ".endif\n");
        assertThatThrownBy(() -> ConfigParser.parseFiles(List.of(open, close), NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage(open + ":2: '.if' is not closed by a matching '.endif' before the end of the file");
    }

    @Test
    void filesAreReadByteForByteSoHexEscapesMatchRawBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bytes.cfg");
        Files.write(file, "global\n  x caf\u00e9 caf\\xC3\\xA9\n".getBytes(StandardCharsets.UTF_8));
        List<String> words = ConfigParser.parseFiles(List.of(file), NO_ENV).sections().get(0).lines().get(0).words();
        assertThat(words.get(1)).isEqualTo(words.get(2)).isEqualTo("caf\u00c3\u00a9");
    }

    @Test
    void missingFileIsAnIoError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigParser.parseFiles(List.of(dir.resolve("nope.cfg")), NO_ENV))
                .isInstanceOf(java.io.IOException.class);
    }
}
