package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error positions, each as HAProxy 2.6.12 reported it in {@code show errors} for the same bytes (cases of
 * the malformed corpus, written with \r \n \t escapes and \xHH).
 */
class ErrorLocatorTest {
    private static byte[] unescape(String s) {
        return HttpCorpus.unescape(s, "locator");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            space in header name            | GET / HTTP/1.1\\r\\nHost: x\\r\\nBad Header: y\\r\\n\\r\\n | 28
            empty header name               | GET / HTTP/1.1\\r\\nHost: a\\r\\n: v\\r\\n\\r\\n | 25
            header line without colon       | GET / HTTP/1.1\\r\\nHost: a\\r\\nNoColonHere\\r\\n\\r\\n | 36
            bare CR in header value         | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\rb\\r\\n\\r\\n | 30
            bare CR in request line         | GET /a\\rb HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 7
            first header starts with space  | GET / HTTP/1.1\\r\\n Host: a\\r\\n\\r\\n | 16
            space in target                 | GET /a b HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 7
            control character in target     | GET /a\\x01b HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 6
            fragment in target              | GET /a#frag HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 6
            non-token method                | GE(T / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 2
            trailing space after version    | GET / HTTP/1.1 \\r\\nHost: a\\r\\n\\r\\n | 14
            HTTP/0.9 request line           | GET /\\r\\n\\r\\n | 5
            lowercase version               | GET / http/1.1\\r\\nHost: a\\r\\n\\r\\n | 6
            malformed version               | GET / HTTP/1.x\\r\\nHost: a\\r\\n\\r\\n | 13
            garbage before request line     | \\x01GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 0
            empty request line              | \\r\\n\\r\\n \\r\\n\\r\\n | 4
            two Host headers                | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 31
            relative target                 | GET foo HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 24
            conflicting Content-Length      | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\nhi | 61
            Content-Length negative         | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: -1\\r\\n\\r\\nhi | 42
            chunked not last                | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n | 45
            Transfer-Encoding identity only | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: identity\\r\\n\\r\\n | 57
            invalid chunk size              | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nabc\\r\\n0\\r\\n\\r\\n | 56
            chunk size overflow             | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nfffffffffffffffff\\r\\na | 69
            chunk data longer than size     | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabcX\\r\\n0\\r\\n\\r\\n | 62
            """)
    void requestPositions(String name, String raw, int expected) {
        assertThat(ErrorLocator.find(unescape(raw.strip()), true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            space in header name | HTTP/1.1 200 OK\\r\\nBad Header: x\\r\\nContent-Length: 2\\r\\n\\r\\nok | 20
            invalid chunk size   | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nab\\r\\n0\\r\\n\\r\\n | 47
            """)
    void responsePositions(String name, String raw, int expected) {
        assertThat(ErrorLocator.find(unescape(raw.strip()), false)).isEqualTo(expected);
    }
}
