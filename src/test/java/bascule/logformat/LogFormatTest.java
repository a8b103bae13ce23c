package bascule.logformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bascule.sample.SampleCompiler;
import bascule.sample.SampleException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log-format language: separators, flags, missing values, encoding, JSON, and compile errors. */
class LogFormatTest {
    private static final SampleCompiler SAMPLES = new SampleCompiler(Path.of(""), name -> null);
    private static final LogFormat.Process PROCESS = new LogFormat.Process(4242, "node1");

    private static LogEntry entry() {
        LogEntry e = new LogEntry();
        e.client = new InetSocketAddress("10.0.0.7", 51000);
        e.frontendAddress = new InetSocketAddress("127.0.0.1", 80);
        e.acceptEpochMillis = 1_700_000_000_123L;
        e.requestEpochMillis = 1_700_000_000_125L;
        e.frontend = "fe";
        e.backend = "be";
        e.server = "s1";
        e.tw = 0;
        e.tc = 1;
        e.tr = 2;
        e.tt = 5;
        e.ti = 0;
        e.tR = 1;
        e.status = 200;
        e.bytesOut = 71;
        e.method = "GET";
        e.uri = "/a?b=\"c\"#d";
        e.version = "HTTP/1.1";
        return e;
    }

    private static String render(String format, LogEntry e) throws SampleException {
        return LogFormatCompiler.compile(format, SAMPLES).render(e, PROCESS, 7);
    }

    @Test
    void separatorsCollapseAndEmptyFieldsLeaveNoDoubleSpace() throws Exception {
        LogEntry e = entry();
        assertThat(render("  %ci   %hr %hs %ST  ", e)).isEqualTo("10.0.0.7 200 ");
        e.requestHeaders = Arrays.asList("host.example", null);
        assertThat(render("%ci %hr %ST", e)).isEqualTo("10.0.0.7 {host.example|} 200");
    }

    @Test
    void quotingHexAndMissingValues() throws Exception {
        LogEntry e = entry();
        assertThat(render("%{+Q}ci %{+X}ci:%{+X}cp %{+Q}CC %CC %ID", e))
                .isEqualTo("\"10.0.0.7\" 0A000007:C738 \"\" - -");
        assertThat(render("%{+Q}o %ft %{-Q}b %ST %tsc", e)).isEqualTo("\"fe\" be 200 ----");
        e.redispatched = true;
        e.retries = 2;
        assertThat(render("%rc %ms %Ts %pid %H %lc", e)).isEqualTo("+2 123 1700000000 4242 node1 7");
    }

    @Test
    void requestLineIsEncodedAsHaproxyDoes() throws Exception {
        assertThat(render("%{+Q}r %HP %HQ %HM %HV", entry()))
                .isEqualTo("\"GET /a?b=#22c#22#23d HTTP/1.1\" /a ?b=#22c#22#23d GET HTTP/1.1");
        LogEntry bad = entry();
        bad.method = null;
        assertThat(render("%{+Q}r", bad)).isEqualTo("\"<BADREQ>\"");
    }

    @Test
    void timersDeriveTqTaAndTd() throws Exception {
        LogEntry e = entry();
        assertThat(render("%Th/%Ti/%TR/%Tq/%Tw/%Tc/%Tr/%Ta/%Tt/%Td", e)).isEqualTo("0/0/1/1/0/1/2/5/5/1");
        e.tr = -1;
        assertThat(render("%Td", e)).isEqualTo("-1");
    }

    @Test
    void jsonLinesHaveOneKeyPerField() throws Exception {
        LogEntry e = entry();
        e.sample = new bascule.testing.StubContext() {
        };
        e.requestHeaders = List.of("a\"b");
        assertThat(render("%{+json}o %ci %(port)cp %ST %b %s %hr %CC %[str(hello)]", e)).isEqualTo(
                "{\"client_ip\": \"10.0.0.7\", \"port\": 51000, \"status_code\": 200, \"backend_name\": \"be\", "
                        + "\"server_name\": \"s1\", \"captured_request_headers\": [\"a\\\"b\"], "
                        + "\"captured_request_cookie\": null, \"str(hello)\": \"hello\"}");
    }

    @Test
    void errorsNameTheVariable() {
        assertThatThrownBy(() -> LogFormatCompiler.compile("%ci %tz", SAMPLES)).isInstanceOf(SampleException.class)
                .hasMessageContaining("unknown log-format variable '%tz'").hasMessageContaining("did you mean");
        assertThatThrownBy(() -> LogFormatCompiler.compile("%{+Z}ci", SAMPLES))
                .hasMessageContaining("unknown log-format flag '+Z'");
        assertThatThrownBy(() -> LogFormatCompiler.compile("%[src", SAMPLES)).hasMessageContaining("missing ']'");
        assertThatThrownBy(() -> LogFormatCompiler.compile("%sslv", SAMPLES))
                .hasMessageContaining("arrives with TLS termination");
        assertThatThrownBy(() -> LogFormatCompiler.compile("100%", SAMPLES)).hasMessageContaining("'%%'");
    }

    @Test
    void hexOnlyWhereHaproxyWritesHexAndPaddedAsItPadsIt() throws Exception {
        LogEntry e = entry();
        e.actconn = 17;
        // checked against HAProxy 2.6: +X leaves counts, timers and status in decimal
        assertThat(render("%{+X}o %Ts %rt %pid %lc %ms %ac %Tt %ST %B", e))
                .isEqualTo("6553F100 0000 1092 0007 07B 17 5 200 71");
    }

    @Test
    void headerFormatsKeepSpacesAndWriteMissingValuesAsNothing() throws Exception {
        LogEntry e = entry();
        e.tw = -1;
        e.sample = new bascule.testing.StubContext() {
        };
        LogFormat f = LogFormatCompiler.compileHeader("(%ID)  (%{+Q}ci) (%si) %Tw %[str(x)]", SAMPLES);
        assertThat(f.render(e, PROCESS, 0)).isEqualTo("()  (\"10.0.0.7\") () -1 x");
        assertThat(LogFormatCompiler.compileHeader("%{+X}o %ci %fi (%bi)", SAMPLES).render(e, PROCESS, 0))
                .isEqualTo(" 0A000007 7F000001 ()");
    }

    @Test
    void headerFormatsAskTheContextForItsEntryOfTheMoment() throws Exception {
        class Txn implements bascule.testing.StubContext, LogEntrySource {
            @Override
            public LogEntry logEntryNow() {
                return entry();
            }
        }
        assertThat(HeaderFormat.compile("%ci:%cp %b/%s %[str(x)]", SAMPLES).render(new Txn()))
                .isEqualTo("10.0.0.7:51000 be/s1 x");
        HeaderFormat constant = HeaderFormat.compile("a  b%%", SAMPLES);
        assertThat(constant.isConstant()).isTrue();
        assertThat(constant.render(new Txn())).isEqualTo("a  b%");
        // unique-id-format is a log-format proper: spaces separate and collapse
        assertThat(HeaderFormat.compileUniqueId("%{+X}o %ci:%cp_%fi:%fp  %rt", SAMPLES).render(new Txn()))
                .isEqualTo("0A000007:C738_7F000001:0050 0000");
    }

    @Test
    void builtInFormatsCompile() throws Exception {
        for (String f : List.of(LogFormatCompiler.TCP, LogFormatCompiler.HTTP, LogFormatCompiler.HTTP_CLF,
                LogFormatCompiler.HTTPS,
                LogFormatCompiler.HTTP_JSON, LogFormatCompiler.TCP_JSON)) {
            assertThat(LogFormatCompiler.compile(f, SAMPLES).source()).isEqualTo(f);
        }
    }
}
