package bascule.model;

import java.util.List;

/**
 * The request of an HTTP check: {@code http-check send [meth <m>] [uri <u>] [ver <v>] [hdr <name> <value>]...
 * [body <string>]}, or the request line of {@code option httpchk [<method>] [<uri>] [<version>]}
 * ({@code fromOption}). Unset parts are null and fall back to HAProxy's {@code OPTIONS / HTTP/1.0}; headers
 * and body may also come from the legacy trick of {@code option httpchk}, where the version word carries
 * "\r\n"-separated header lines.
 */
public record HttpSendRule(String method, String uri, String version, List<Header> headers, String body,
                           boolean fromOption, String comment, Position position) implements CheckRule {

    /** One request header, as written (names keep their case here; the wire form is lower case). */
    public record Header(String name, String value) {
    }

    public HttpSendRule {
        headers = List.copyOf(headers);
    }

    public String effectiveMethod() {
        return method != null ? method : "OPTIONS";
    }

    public String effectiveUri() {
        return uri != null ? uri : "/";
    }

    public String effectiveVersion() {
        return version != null ? version : "HTTP/1.0";
    }

    public HttpSendRule withComment(String text) {
        return new HttpSendRule(method, uri, version, headers, body, fromOption, text, position);
    }

    /**
     * This request with {@code later}'s settings on top, as HAProxy merges {@code option httpchk} with the
     * first {@code http-check send}: every part {@code later} sets wins, and its header list replaces this
     * one's entirely.
     */
    public HttpSendRule overriddenBy(HttpSendRule later) {
        return new HttpSendRule(later.method != null ? later.method : method, later.uri != null ? later.uri : uri,
                later.version != null ? later.version : version, later.headers,
                later.body != null ? later.body : body, false, later.comment != null ? later.comment : comment,
                later.fromOption ? position : later.position);
    }
}
