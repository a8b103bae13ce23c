package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.ErrorFilesSpec;
import bascule.model.ErrorResponse;
import bascule.model.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** errorfile, errorfiles, errorloc* and http-errors: loading, HAProxy's checks, and precedence. */
class ErrorFileBinderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.ISO_8859_1);
        return p;
    }

    private static Model bind(String text) throws ConfigErrors {
        return Instance.parse(text, "t.cfg");
    }

    private static String error(String text) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> bind(text));
        assertThat(e).as("expected a configuration error").isNotNull();
        return e.getMessage();
    }

    private static ErrorFilesSpec pages(Model m, String proxy) {
        return m.proxies().stream().filter(p -> p.name().equals(proxy)).findFirst().orElseThrow().errorFiles();
    }

    @Test
    void missingFileStopsTheLoadWithFileLineAndPath() {
        // As the seed configuration's errorfile does here: HAProxy refuses to start.
        assertThat(error("""
                defaults
                    errorfile 503 /etc/haproxy/errors/nonexistent-503.http
                backend b
                """)).contains("t.cfg:2: 'errorfile': error opening file '/etc/haproxy/errors/nonexistent-503.http'");
    }

    @Test
    void fileIsParsedAndNormalized() throws Exception {
        Path f = file("503.http", "HTTP/1.0 503 Down\nX-Foo: Bar\nConnection: keep-alive\nContent-Length: 5\n\nhello");
        ErrorResponse r = pages(bind("backend b\n    errorfile 503 " + f + "\n"), "b").get(503).response();
        assertThat(r.version()).isEqualTo("HTTP/1.0");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.reason()).isEqualTo("Down");
        assertThat(r.headers()).containsExactly(new ErrorResponse.Header("x-foo", "Bar"),
                new ErrorResponse.Header("content-length", "5"));
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(r.closes()).isFalse();

        Path noLength = file("502.http", "HTTP/1.1 502 X\r\n\r\nbody until close");
        assertThat(pages(bind("backend b\n    errorfile 502 " + noLength + "\n"), "b").get(502).response().closes())
                .isTrue();
        Path empty = file("500.http", "");
        assertThat(pages(bind("backend b\n    errorfile 500 " + empty + "\n"), "b").get(500).response().silent())
                .isTrue();
    }

    @Test
    void malformedFilesAreRefusedLikeHaproxyDoes() throws Exception {
        Path garbage = file("a.http", "garbage\n");
        assertThat(error("backend b\n    errorfile 503 " + garbage + "\n"))
                .contains("t.cfg:2: 'errorfile': '" + garbage + "': line 1: 'garbage' is not a status line");
        Path unterminated = file("b.http", "HTTP/1.0 503 X\r\n");
        assertThat(error("backend b\n    errorfile 503 " + unterminated + "\n"))
                .contains("not terminated by an empty line");
        Path badHeader = file("c.http", "HTTP/1.0 503 X\r\nfoo\r\n\r\n");
        assertThat(error("backend b\n    errorfile 503 " + badHeader + "\n"))
                .contains("line 2: 'foo' is not a header field");
        Path shortBody = file("d.http", "HTTP/1.0 503 X\r\ncontent-length: 10\r\n\r\nabc");
        assertThat(error("backend b\n    errorfile 503 " + shortBody + "\n"))
                .contains("payload size does not match the announced content-length (3 != 10)");
        Path chunked = file("e.http", "HTTP/1.1 503 X\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(error("backend b\n    errorfile 503 " + chunked + "\n")).contains("chunk-encoded payload not supported");
        assertThat(error("backend b\n    errorfile 503 " + dir + "\n")).contains("error reading file");
    }

    @Test
    void sizeLimitIsTheBufferAsMeasuredOnHaproxy() throws Exception {
        // haproxy 2.6.12 -c accepts this status line and no header with a body of at most 16279 bytes.
        Path fits = file("fits.http", "HTTP/1.0 503 X\r\n\r\n" + "a".repeat(16279));
        bind("backend b\n    errorfile 503 " + fits + "\n");
        Path tooBig = file("big.http", "HTTP/1.0 503 X\r\n\r\n" + "a".repeat(16280));
        assertThat(error("backend b\n    errorfile 503 " + tooBig + "\n")).contains("tune.bufsize (16384 bytes)");
        Path huge = file("huge.http", "HTTP/1.0 503 X\r\n\r\n" + "a".repeat(20000));
        assertThat(error("backend b\n    errorfile 503 " + huge + "\n")).contains("is larger than tune.bufsize");
    }

    @Test
    void onlyHaproxysCodesAreAccepted() throws Exception {
        Path f = file("x.http", "HTTP/1.0 414 X\r\n\r\n");
        assertThat(error("backend b\n    errorfile 414 " + f + "\n"))
                .contains("t.cfg:2: 'errorfile': status code '414' not handled; HAProxy 2.6 customizes only 200, 400");
        assertThat(error("backend b\n    errorloc 431 /x\n")).contains("'errorloc': status code '431' not handled");
        assertThat(error("backend b\n    errorfile 503\n"))
                .contains("t.cfg:2: 'errorfile' expects <status_code> and <file> as arguments");
    }

    @Test
    void lastLineWinsAndDefaultsComeFirst() throws Exception {
        Path d = file("d.http", "HTTP/1.1 503 FromDefaults\r\ncontent-length: 0\r\n\r\n");
        Path s = file("s.http", "HTTP/1.1 503 FromSection\r\ncontent-length: 0\r\n\r\n");
        Path f = file("f.http", "HTTP/1.1 503 FromFile\r\ncontent-length: 0\r\n\r\n");
        Model m = bind("""
                defaults
                    errorfile 503 %1$s
                    errorloc 429 http://example.com/x?y
                frontend a
                    errorfiles e
                    errorfile 503 %3$s
                frontend b
                    errorfile 503 %3$s
                    errorfiles e
                backend c
                frontend d
                    errorloc303 503 /there
                http-errors e
                    errorfile 503 %2$s
                    errorfile 404 %2$s
                """.formatted(d, s, f));
        assertThat(pages(m, "a").get(503).response().reason()).isEqualTo("FromFile");
        assertThat(pages(m, "b").get(503).response().reason()).isEqualTo("FromSection");
        assertThat(pages(m, "b").get(404).response().reason()).isEqualTo("FromSection");
        assertThat(pages(m, "c").get(503).response().reason()).isEqualTo("FromDefaults");
        assertThat(pages(m, "c").get(429).response().headers()).contains(
                new ErrorResponse.Header("location", "http://example.com/x?y"));
        ErrorResponse see = pages(m, "d").get(503).response();
        assertThat(see.status()).isEqualTo(303);
        assertThat(see.reason()).isEqualTo("See Other");
        assertThat(see.headers()).containsExactly(new ErrorResponse.Header("cache-control", "no-cache"),
                new ErrorResponse.Header("content-length", "0"), new ErrorResponse.Header("location", "/there"));
    }

    @Test
    void errorfilesWithCodesImportsOnlyThoseAndWarnsOnUndeclaredOnes() throws Exception {
        Path s = file("s.http", "HTTP/1.1 503 S\r\ncontent-length: 0\r\n\r\n");
        Model m = bind("""
                http-errors e
                    errorfile 503 %1$s
                    errorfile 502 %1$s
                backend b
                    errorfiles e 503 404
                """.formatted(s));
        assertThat(pages(m, "b").byCode().keySet()).containsExactly(503);
        assertThat(m.warnings()).anyMatch(w -> w.startsWith("t.cfg:5: backend 'b': status 404 is not declared in "
                + "http-errors section 'e' (declared at t.cfg:1)"));
    }

    @Test
    void httpErrorsSectionErrors() throws Exception {
        Path s = file("s.http", "HTTP/1.1 503 S\r\ncontent-length: 0\r\n\r\n");
        assertThat(error("backend b\n    errorfiles nope\nhttp-errors nop\n    errorfile 503 " + s + "\n"))
                .contains("t.cfg:2: backend 'b': 'errorfiles' names http-errors section 'nope' which does not exist "
                        + "(did you mean 'nop'?)");
        assertThat(error("http-errors e\n    errorloc 503 /x\n"))
                .contains("t.cfg:2: unknown keyword 'errorloc' in 'http-errors' section");
        assertThat(error("http-errors\n    errorfile 503 " + s + "\n"))
                .contains("t.cfg:1: missing name for http-errors section");
        assertThat(error("http-errors e\nhttp-errors e\n"))
                .contains("t.cfg:2: http-errors section 'e' already exists (declared at t.cfg:1)");
        assertThat(error("http-errors e\n    errorfile 503 /nonexistent/x.http\n"))
                .contains("t.cfg:2: 'errorfile': error opening file '/nonexistent/x.http'");
    }
}
