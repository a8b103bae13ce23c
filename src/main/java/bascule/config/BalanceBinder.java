package bascule.config;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.sample.SampleCompiler;
import bascule.sample.SampleException;
import bascule.sample.SampleExpr;
import java.util.List;
import java.util.Locale;

/**
 * Binds {@code balance <algorithm> [<arguments>]}. The arguments and their errors follow HAProxy 2.6, a
 * little stricter where HAProxy silently ignores words (after {@code hdr(<name>)}'s closing parenthesis
 * or its modifier).
 */
final class BalanceBinder {
    static final List<String> ALGORITHMS = List.of("roundrobin", "static-rr", "leastconn", "first", "source", "uri",
            "url_param", "hdr(<name>)", "random", "hash");
    private static final List<String> URI_OPTIONS = List.of("len", "depth", "whole", "path-only");

    private BalanceBinder() {
    }

    /** @param compiler compiles the expression of {@code balance hash} */
    static Balance balance(ConfigLine line, SampleCompiler compiler) throws ConfigException {
        String a = Words.required(line, 1, "an algorithm (" + String.join(", ", ALGORITHMS) + ")");
        String lower = a.toLowerCase(Locale.ROOT);
        if (lower.startsWith("random")) {
            Words.noMoreThan(line, 2);
            return new Balance(Algorithm.RANDOM, draws(line, a, lower));
        }
        if (lower.startsWith("hdr(")) {
            return new Balance(header(line, a));
        }
        switch (lower) {
            case "uri" -> {
                return new Balance(uri(line));
            }
            case "url_param" -> {
                return new Balance(urlParam(line));
            }
            case "hash" -> {
                return new Balance(expression(line, compiler));
            }
            case "hdr" -> throw new ConfigException(line.position(), "'balance hdr' needs the header name in "
                    + "parentheses, e.g. 'balance hdr(host)'");
            default -> {
            }
        }
        for (Algorithm alg : Algorithm.values()) {
            if (alg.keyword().equals(lower)) {
                Words.noMoreThan(line, 2);
                return new Balance(alg, 2);
            }
        }
        if (lower.startsWith("rdp-cookie")) {
            throw new ConfigException(line.position(), "'balance " + a + "' is not supported yet");
        }
        throw new ConfigException(line.position(), "'balance' expects one of " + String.join(", ", ALGORITHMS)
                + " but got '" + a + "'" + Words.didYouMean(a, ALGORITHMS));
    }

    private static int draws(ConfigLine line, String a, String lower) throws ConfigException {
        if (lower.length() == "random".length()) {
            return 2;
        }
        if (!lower.startsWith("random(") || !lower.endsWith(")")) {
            throw new ConfigException(line.position(), "'balance' expects 'random' or 'random(<draws>)' "
                    + "but got '" + a + "'");
        }
        String n = lower.substring(7, lower.length() - 1);
        int draws;
        try {
            draws = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new ConfigException(line.position(), "'balance random(<draws>)' expects a number of "
                    + "draws but got '" + n + "'");
        }
        if (draws < 1) {
            throw new ConfigException(line.position(), "'balance random(<draws>)' needs at least 1 draw");
        }
        return draws;
    }

    /** {@code uri [len <n>] [depth <n>] [whole] [path-only]}, in any order, a later one winning. */
    private static Balance.Uri uri(ConfigLine line) throws ConfigException {
        int length = 0;
        int depth = 0;
        boolean whole = false;
        boolean pathOnly = false;
        for (int i = 2; i < line.size(); i++) {
            String w = line.word(i);
            switch (w) {
                case "len" -> length = positive(line, ++i, "len");
                case "depth" -> depth = positive(line, ++i, "depth");
                case "whole" -> whole = true;
                case "path-only" -> pathOnly = true;
                default -> throw new ConfigException(line.position(), "'balance uri' only accepts 'len <n>', "
                        + "'depth <n>', 'whole' and 'path-only' but got '" + w + "'" + Words.didYouMean(w,
                        URI_OPTIONS));
            }
        }
        return new Balance.Uri(length, depth, whole, pathOnly);
    }

    private static int positive(ConfigLine line, int index, String option) throws ConfigException {
        String w = line.word(index);
        int n = 0;
        try {
            n = w == null ? 0 : Integer.parseInt(w);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n <= 0) {
            throw new ConfigException(line.position(), "'balance uri': '" + option + "' expects a positive "
                    + "integer but got " + (w == null ? "nothing" : "'" + w + "'"));
        }
        return n;
    }

    /**
     * {@code url_param <name> [check_post [<max_wait>]]}. HAProxy 2.6 still accepts {@code check_post} and
     * the old maximum wait after it but reads neither: a POST body, when it is at hand, is searched whether
     * or not {@code check_post} is given. So the words are checked, kept in the model, and change nothing.
     */
    private static Balance.UrlParam urlParam(ConfigLine line) throws ConfigException {
        if (line.size() < 3 || line.word(2).isEmpty()) {
            throw new ConfigException(line.position(), "'balance url_param' requires a URL parameter name");
        }
        String name = line.word(2);
        boolean checkPost = false;
        if (line.size() > 3) {
            String m = line.word(3);
            if (!m.equals("check_post")) {
                throw new ConfigException(line.position(), "'balance url_param' only accepts the 'check_post' "
                        + "modifier but got '" + m + "'" + Words.didYouMean(m, List.of("check_post")));
            }
            checkPost = true;
            if (line.size() > 4) {
                Words.integer(line, 4, "balance url_param " + name + " check_post", 0, Integer.MAX_VALUE);
            }
            Words.noMoreThan(line, 5);
        }
        return new Balance.UrlParam(name, checkPost);
    }

    /** {@code hdr(<name>) [use_domain_only]}; the name keeps its case (header names match in any case). */
    private static Balance.Header header(ConfigLine line, String a) throws ConfigException {
        int close = a.indexOf(')');
        if (close <= 4) {
            throw new ConfigException(line.position(), "'balance hdr(<name>)' requires an HTTP header field name "
                    + "but got '" + a + "'");
        }
        if (close != a.length() - 1) {
            throw new ConfigException(line.position(), "'balance " + a + "': unexpected '" + a.substring(close + 1)
                    + "' after 'hdr(" + a.substring(4, close) + ")'");
        }
        String name = a.substring(4, close);
        boolean domainOnly = false;
        if (line.size() > 2) {
            String m = line.word(2);
            if (!m.equals("use_domain_only")) {
                throw new ConfigException(line.position(), "'balance " + a + "' only accepts the 'use_domain_only' "
                        + "modifier but got '" + m + "'" + Words.didYouMean(m, List.of("use_domain_only")));
            }
            domainOnly = true;
            Words.noMoreThan(line, 3);
        }
        return new Balance.Header(name, domainOnly);
    }

    /** {@code hash <expr>}: one word (quote an expression that holds spaces), compiled now. */
    private static Balance.Expression expression(ConfigLine line, SampleCompiler compiler) throws ConfigException {
        if (line.size() < 3 || line.word(2).isEmpty()) {
            throw new ConfigException(line.position(), "'balance hash' requires a sample expression, e.g. "
                    + "'balance hash req.cookie(id)'");
        }
        String text = line.word(2);
        if (line.size() > 3) {
            throw new ConfigException(line.position(), "'balance hash' takes a single sample expression but got "
                    + "also '" + line.word(3) + "' (quote an expression that contains spaces)");
        }
        try {
            SampleExpr compiled = compiler.expression(text);
            return new Balance.Expression(text, compiled);
        } catch (SampleException e) {
            throw new ConfigException(line.position(), "'balance hash': cannot compile '" + text + "': "
                    + e.getMessage());
        }
    }
}
