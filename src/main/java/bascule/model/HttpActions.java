package bascule.model;

import bascule.sample.Format;
import bascule.sample.SampleExpr;
import java.util.regex.Pattern;

/**
 * The actions of {@code http-request}, {@code http-response}, {@code http-after-response} and
 * {@code redirect} lines, one record each. Formats and expressions are compiled; files are read; nothing is
 * parsed when a rule runs.
 */
public final class HttpActions {
    private HttpActions() {
    }

    /** {@code allow}: stop evaluating this rule list and go on with the transaction. */
    /** {@code http-request use-service <name>}: answer with a built-in service (prometheus-exporter). */
    public record UseService(String name) implements HttpAction {
    }

    public record Allow() implements HttpAction {
    }

    /** {@code deny}: answer with {@code reply} (default 403 for requests, 502 for responses) and stop. */
    public record Deny(HttpReply reply) implements HttpAction {
    }

    /** {@code tarpit}: hold the request for {@code timeout tarpit}, then answer with {@code reply} (default 500). */
    public record Tarpit(HttpReply reply) implements HttpAction {
    }

    /** {@code return}: answer with {@code reply} (default 200, empty) and stop. */
    public record Return(HttpReply reply) implements HttpAction {
    }

    /**
     * {@code redirect location|prefix|scheme <fmt>}. {@code cookie} is the {@code set-cookie NAME[=value]} or
     * {@code clear-cookie NAME} argument (the last one written wins, as in HAProxy), or null.
     */
    public record Redirect(Type type, Format target, int code, boolean dropQuery, boolean appendSlash,
                           boolean ignoreEmpty, String cookie, boolean clearCookie) implements HttpAction {
        public enum Type { LOCATION, PREFIX, SCHEME }
    }

    /** {@code auth [realm <realm>]}: a 401 asking for Basic credentials; a null realm means the proxy's name. */
    public record Auth(String realm) implements HttpAction {
    }

    /** {@code set-header} (replaces every field of that name) or {@code add-header} (appends one). */
    public record SetHeader(String name, Format value, boolean add) implements HttpAction {
    }

    /** {@code del-header <name> [-m str|beg|end|sub|reg]}; {@code regex} is set for {@code reg}. */
    public record DelHeader(String name, Match match, Pattern regex) implements HttpAction {
        public enum Match { STR, BEG, END, SUB, REG }
    }

    /**
     * {@code replace-header} (each field line as a whole) or {@code replace-value} ({@code perValue}: each
     * comma-separated value). A value in which {@code regex} finds a match is replaced as a whole by
     * {@code replacement}, where {@code \1}..{@code \9} are the groups of that match.
     */
    public record ReplaceHeader(String name, Pattern regex, Format replacement, boolean perValue)
            implements HttpAction {
    }

    /** {@code set-path}, {@code set-pathq}, {@code set-query}, {@code set-uri}, {@code set-method}. */
    public record SetRequestPart(Part part, Format value) implements HttpAction {
        public enum Part {
            PATH("set-path"), PATHQ("set-pathq"), QUERY("set-query"), URI("set-uri"), METHOD("set-method");

            private final String keyword;

            Part(String keyword) {
                this.keyword = keyword;
            }

            public String keyword() {
                return keyword;
            }
        }
    }

    /** {@code set-status <code> [reason <text>]}; a null reason means HAProxy's text for the code. */
    public record SetStatus(int status, String reason) implements HttpAction {
    }

    /** {@code set-var(<name>) <expr>}; {@code name} is full ({@code txn.user}). */
    public record SetVar(String name, SampleExpr expression) implements HttpAction {
    }

    /** {@code set-var-fmt(<name>) <fmt>}: the rendered string. */
    public record SetVarFormat(String name, Format format) implements HttpAction {
    }

    /** {@code unset-var(<name>)}. */
    public record UnsetVar(String name) implements HttpAction {
    }

    /** {@code set-src <expr>}: the client address seen from now on (the port is kept). */
    public record SetSource(SampleExpr expression) implements HttpAction {
    }

    /** {@code set-log-level <level>}: one of the syslog levels or {@code silent}. */
    public record SetLogLevel(String level) implements HttpAction {
    }

    /**
     * {@code capture <expr> len <n>} (a new slot of the frontend, number {@code slot}) or
     * {@code capture <expr> id <n>} ({@code length} is then 0: the slot's own length applies).
     */
    public record Capture(SampleExpr expression, int slot, int length) implements HttpAction {
    }
}
