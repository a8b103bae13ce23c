package bascule.check;

import bascule.proxy.AdminState;
import java.util.Locale;

/**
 * One line an agent answered, cut into what HAProxy looks for ({@code tcpcheck_agent_expect_reply()}):
 * words separated by spaces, tabs or commas, matched without regard to case, in any order, the last one of
 * each kind winning:
 * <ul>
 *   <li>a health word: {@code up}, or {@code down}, {@code stopped}, {@code fail} (the server is DOWN);</li>
 *   <li>an admin word: {@code ready}, {@code drain}, {@code maint};</li>
 *   <li>a weight: a word starting with a digit and containing {@code %} ({@code 75%});</li>
 *   <li>{@code maxconn:N};</li>
 *   <li>a {@code #} at the start of a word begins a free-text description that runs to the end of the line
 *       ({@code down #disk full}); glued to a word ({@code down#x}) it is part of that word.</li>
 * </ul>
 * Any other word is an error; the first one is kept for the description. The line ends at the first CR or
 * LF; a reply without one (the agent closed early, or sent a NUL byte first) is {@linkplain #incomplete()
 * incomplete} and changes nothing.
 */
record AgentReply(boolean complete, Health health, String healthWord, AdminState admin, String weight,
                  String maxconn, String description, String firstError) {

    /** The agent's verdict on the server's health, when it gave one. */
    enum Health { UP, DOWN }

    /** The words {@code maxconn:} starts with, in any case. */
    private static final String MAXCONN = "maxconn:";

    static final AgentReply INCOMPLETE = new AgentReply(false, null, null, null, null, null, "", null);

    static AgentReply incomplete() {
        return INCOMPLETE;
    }

    /**
     * Parses what the agent sent. Only the text before the first CR or LF counts; without one the reply is
     * incomplete (a NUL byte before it makes it incomplete too, as in HAProxy's C string scan).
     */
    static AgentReply parse(String received) {
        int end = 0;
        while (end < received.length()) {
            char c = received.charAt(end);
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == 0) {
                return INCOMPLETE;
            }
            end++;
        }
        if (end == received.length()) {
            return INCOMPLETE;
        }
        String line = received.substring(0, end);
        Health health = null;
        String healthWord = null;
        AdminState admin = null;
        String weight = null;
        String maxconn = null;
        String error = null;
        String description = "";
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '#') {
                i++;
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                description = line.substring(i);
                break;
            }
            int start = i;
            i++;
            while (i < line.length() && " \t,".indexOf(line.charAt(i)) < 0) {
                i++;
            }
            String word = line.substring(start, i);
            switch (word.toLowerCase(Locale.ROOT)) {
                case "up" -> {
                    health = Health.UP;
                    healthWord = word;
                }
                case "down", "stopped", "fail" -> {
                    health = Health.DOWN;
                    healthWord = word;
                }
                case "ready" -> admin = AdminState.READY;
                case "drain" -> admin = AdminState.DRAIN;
                case "maint" -> admin = AdminState.MAINT;
                default -> {
                    if (word.charAt(0) >= '0' && word.charAt(0) <= '9' && word.indexOf('%') >= 0) {
                        weight = word;
                    } else if (word.regionMatches(true, 0, MAXCONN, 0, MAXCONN.length())) {
                        maxconn = word.substring(MAXCONN.length());
                    } else if (error == null) {
                        error = word;
                    }
                }
            }
        }
        return new AgentReply(true, health, healthWord, admin, weight, maxconn, description, error);
    }

    /**
     * The check's description, as HAProxy words it: {@code via agent : down (disk full)} when a health word
     * was given (for {@code up}, or without a description, an error or else {@code warning} goes in the
     * brackets instead), otherwise {@code agent reports an error : <word>}, else {@code agent warns :
     * <warning>}, else empty. {@code warning} is what applying the weight or maxconn answered (null if fine).
     */
    String describe(String warning) {
        boolean hasWarning = warning != null && !warning.isEmpty();
        if (health != null) {
            String msg = description;
            if (msg.isEmpty() || health == Health.UP) {
                if (firstError != null) {
                    msg = firstError;
                } else if (hasWarning) {
                    msg = warning;
                }
            }
            return "via agent : " + healthWord + (msg.isEmpty() ? "" : " (" + msg + ")");
        }
        if (firstError != null) {
            return "agent reports an error : " + firstError;
        }
        if (hasWarning) {
            return "agent warns : " + warning;
        }
        return "";
    }

    /** A new weight, or why the word was refused (HAProxy's own text, trailing newline included). */
    record WeightChange(int weight, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /**
     * Reads a weight word as HAProxy's {@code server_parse_weight_change_request()} does: {@code N%} is
     * relative to the initial weight ({@code initial * N / 100}, at most 256), a bare {@code N} is absolute
     * (0-256). Static algorithms ({@code dynamic} false) only take 0 and the initial weight.
     */
    static WeightChange weightChange(String word, int initial, boolean dynamic) {
        if (word.isEmpty()) {
            return new WeightChange(-1, "Require <weight> or <weight%>.\n");
        }
        Number n = Number.parse(word);
        if (n.digits() == 0) {
            return new WeightChange(-1, "Empty weight string empty or preceded by garbage");
        }
        long w = n.value();
        String rest = word.substring(n.end());
        if (rest.equals("%")) {
            if (w < 0) {
                return new WeightChange(-1, "Relative weight must be positive.\n");
            }
            w = Math.min(w, 25600);
            w = Math.min(initial * w / 100, 256);
        } else if (w < 0 || w > 256) {
            return new WeightChange(-1, "Absolute weight can only be between 0 and 256 inclusive.\n");
        } else if (!rest.isEmpty()) {
            return new WeightChange(-1, "Trailing garbage in weight string");
        }
        if (w != 0 && w != initial && !dynamic) {
            return new WeightChange(-1,
                    "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n");
        }
        return new WeightChange((int) w, null);
    }

    /** A new maxconn (0 = no limit), or why the value was refused (HAProxy's own text). */
    record MaxconnChange(int maxconn, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /**
     * Reads the value of {@code maxconn:N} as HAProxy's {@code server_parse_maxconn_change_request()} does.
     * HAProxy stores a negative value as it is and then never lets fewer than one connection through, so a
     * negative value becomes 1 here.
     */
    static MaxconnChange maxconnChange(String value) {
        if (value.isEmpty()) {
            return new MaxconnChange(-1, "Require <maxconn>.\n");
        }
        Number n = Number.parse(value);
        if (n.digits() == 0) {
            return new MaxconnChange(-1, "maxconn string empty or preceded by garbage");
        }
        if (n.end() != value.length()) {
            return new MaxconnChange(-1, "Trailing garbage in maxconn string");
        }
        long v = n.value();
        return new MaxconnChange(v < 0 ? 1 : (int) Math.min(v, Integer.MAX_VALUE), null);
    }

    /** What C's {@code strtol(s, &end, 10)} reads: optional blanks and sign, digits (saturating). */
    private record Number(long value, int digits, int end) {
        static Number parse(String s) {
            int i = 0;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            boolean negative = false;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negative = s.charAt(i) == '-';
                i++;
            }
            long v = 0;
            int digits = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (s.charAt(i) - '0');
                digits++;
                i++;
            }
            if (digits == 0) {
                return new Number(0, 0, 0);
            }
            return new Number(negative ? -v : v, digits, i);
        }
    }
}
