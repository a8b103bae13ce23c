package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bascule.model.ErrorFileSpec;
import bascule.model.ErrorFilesSpec;
import bascule.model.ErrorResponse;
import bascule.model.Position;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Error pages as HAProxy 2.6.12 writes them. The expected bytes below were captured from haproxy 2.6.12
 * on loopback (see {@link ErrorPagesDifferentialTest} for the triggers, which that test replays live).
 */
class ErrorPagesTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void builtInPagesMatchHaproxyOnAKeepAliveConnection() {
        // 'http-request deny' on an HTTP/1.1 request: the connection stays open.
        assertThat(s(ErrorPages.defaults().page(403).bytes())).isEqualTo("HTTP/1.1 403 Forbidden\r\n"
                + "content-length: 93\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
                + "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n");
        // A backend without server.
        assertThat(s(ErrorPages.defaults().page(503).bytes())).isEqualTo("HTTP/1.1 503 Service Unavailable\r\n"
                + "content-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
                + "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n"
                + "</body></html>\n");
        // 'deny_status 400' closes even a keep-alive connection: the page carries Connection: close.
        assertThat(s(ErrorPages.defaults().page(400).bytes())).isEqualTo("HTTP/1.1 400 Bad request\r\n"
                + "content-length: 90\r\ncache-control: no-cache\r\ncontent-type: text/html\r\nconnection: close\r\n"
                + "\r\n<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n");
        assertThat(ErrorPages.defaults().page(408).keepsAlive(true)).isFalse();
        assertThat(ErrorPages.defaults().page(404).keepsAlive(true)).isTrue();
    }

    @Test
    void everyBuiltInBodyMatchesItsContentLength() {
        for (int code : ErrorPages.builtInCodes()) {
            ErrorPage p = ErrorPages.builtIn(code);
            assertThat(p.response().headers().get(0))
                    .isEqualTo(new ErrorResponse.Header("content-length", String.valueOf(p.response().bodyLength())));
            assertThat(s(p.response().body())).startsWith("<html><body><h1>" + code + " ");
        }
        assertThat(ErrorPages.builtInCodes()).containsAll(ErrorFilesSpec.CODES).contains(414, 431);
    }

    @Test
    void connectionFieldFollowsHaproxyRules() {
        ErrorPage builtIn = ErrorPages.builtIn(401);
        assertThat(s(builtIn.bytes(false, true))).contains("content-type: text/html\r\nconnection: close\r\n\r\n");
        assertThat(s(builtIn.bytes(true, true))).contains("content-type: text/html\r\nconnection: keep-alive\r\n\r\n");
        assertThat(s(builtIn.bytes(true, false))).doesNotContain("connection:");

        ErrorPage http10 = new ErrorPage(new ErrorResponse("HTTP/1.0", 403, "Nope",
                List.of(new ErrorResponse.Header("Content-Length", "3")), "abc".getBytes(StandardCharsets.US_ASCII),
                false));
        assertThat(s(http10.bytes(true, false)))
                .isEqualTo("HTTP/1.0 403 Nope\r\ncontent-length: 3\r\nconnection: keep-alive\r\n\r\nabc");
        assertThat(s(http10.bytes(false, false))).isEqualTo("HTTP/1.0 403 Nope\r\ncontent-length: 3\r\n\r\nabc");

        ErrorPage closing = new ErrorPage(new ErrorResponse("HTTP/1.1", 404, "NF",
                List.of(new ErrorResponse.Header("content-length", "2")), "hi".getBytes(StandardCharsets.US_ASCII),
                true));
        assertThat(closing.keepsAlive(true)).isFalse();
        assertThat(s(closing.bytes(true, false)))
                .isEqualTo("HTTP/1.1 404 NF\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi");
    }

    @Test
    void authAppendsWwwAuthenticateAfterThePageHeaders() {
        ErrorPage p = ErrorPages.builtIn(401).withHeader("WWW-Authenticate", "Basic realm=\"f\"");
        assertThat(s(p.bytes())).isEqualTo("HTTP/1.1 401 Unauthorized\r\ncontent-length: 112\r\n"
                + "cache-control: no-cache\r\ncontent-type: text/html\r\nwww-authenticate: Basic realm=\"f\"\r\n\r\n"
                + "<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and password to access this content.\n"
                + "</body></html>\n");
    }

    @Test
    void backendPagesWinOverFrontendPagesWhichWinOverBuiltIns() {
        ErrorResponse fe = new ErrorResponse("HTTP/1.1", 503, "FE", List.of(), new byte[0], true);
        ErrorResponse be = new ErrorResponse("HTTP/1.1", 503, "BE", List.of(), new byte[0], true);
        ErrorPages frontend = ErrorPages.of(new ErrorFilesSpec(Map.of(503,
                new ErrorFileSpec(503, "fe.http", Position.NONE, fe))));
        ErrorPages backend = ErrorPages.defaults().with(503, be);
        assertThat(ErrorPages.select(backend, frontend, 503).response().reason()).isEqualTo("BE");
        assertThat(ErrorPages.select(ErrorPages.defaults(), frontend, 503).response().reason()).isEqualTo("FE");
        assertThat(ErrorPages.select(null, frontend, 503).response().reason()).isEqualTo("FE");
        assertThat(ErrorPages.select(backend, frontend, 504)).isSameAs(ErrorPages.builtIn(504));
        assertThat(frontend.custom(504)).isNull();
    }

    @Test
    void silentPageSendsNothing() {
        ErrorPages p = ErrorPages.defaults().with(500, ErrorResponse.SILENT);
        assertThat(p.page(500).silent()).isTrue();
        assertThat(p.page(500).bytes()).isEmpty();
        assertThat(p.page(500).keepsAlive(true)).isFalse();
    }

    @Test
    void parserErrorsAreHaproxysRawText() {
        assertThat(s(ErrorPages.parserError(408))).isEqualTo("HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\n"
                + "Cache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n"
                + "<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n"
                + "</body></html>\n");
        assertThat(s(ErrorPages.parserError(431))).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
                .contains("Connection: close\r\n");
        assertThatThrownBy(() -> ErrorPages.builtIn(418)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesAreCopies() {
        byte[] a = ErrorPages.builtIn(503).bytes();
        a[0] = 'X';
        assertThat(ErrorPages.builtIn(503).bytes()[0]).isEqualTo((byte) 'H');
    }
}
