package bascule.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles {@code if|unless <terms>}: terms are ACL names, anonymous ACLs in braces, each optionally
 * negated with {@code !}; terms side by side are ANDed, {@code or}/{@code ||} separate ORed groups. The
 * result is arrays of arrays tested with short-circuit and no allocation.
 */
final class ConditionCompiler {

    /** HAProxy's predefined ACLs that Bascule can evaluate, as the ACL words they stand for. */
    private static final Map<String, List<String>> PREDEFINED = Map.ofEntries(
            Map.entry("TRUE", List.of("always_true")),
            Map.entry("FALSE", List.of("always_false")),
            Map.entry("HTTP", List.of("req.proto_http")),
            Map.entry("HTTP_1.0", List.of("req.ver", "1.0")),
            Map.entry("HTTP_1.1", List.of("req.ver", "1.1")),
            Map.entry("HTTP_2.0", List.of("req.ver", "2.0")),
            Map.entry("HTTP_CONTENT", List.of("req.hdr_val(content-length)", "gt", "0")),
            Map.entry("HTTP_URL_ABS", List.of("url_reg", "^[^/:]*://")),
            Map.entry("HTTP_URL_SLASH", List.of("url_beg", "/")),
            Map.entry("HTTP_URL_STAR", List.of("url", "*")),
            Map.entry("LOCALHOST", List.of("src", "127.0.0.1/8", "::1")),
            Map.entry("METH_CONNECT", List.of("method", "CONNECT")),
            Map.entry("METH_DELETE", List.of("method", "DELETE")),
            Map.entry("METH_GET", List.of("method", "GET", "HEAD")),
            Map.entry("METH_HEAD", List.of("method", "HEAD")),
            Map.entry("METH_OPTIONS", List.of("method", "OPTIONS")),
            Map.entry("METH_POST", List.of("method", "POST")),
            Map.entry("METH_PUT", List.of("method", "PUT")),
            Map.entry("METH_TRACE", List.of("method", "TRACE")));
    private static final Set<String> UNSUPPORTED = Set.of("RDP_COOKIE", "REQ_CONTENT", "WAIT_END");

    private final Resources resources;
    private final Map<String, AclTerm> predefined = new HashMap<>();

    ConditionCompiler(Resources resources) {
        this.resources = resources;
    }

    /** One term of a group: the ORed terms of a name (or one anonymous term) and its negation. */
    private record Operand(AclTerm[] terms, boolean negated) {
        boolean test(SampleContext ctx) {
            boolean any = false;
            for (AclTerm t : terms) {
                if (t.matches(ctx)) {
                    any = true;
                    break;
                }
            }
            return any != negated;
        }
    }

    private record Compiled(Operand[][] groups, boolean unless) implements Condition {
        @Override
        public boolean test(SampleContext ctx) {
            boolean result = false;
            for (Operand[] group : groups) {
                boolean all = true;
                for (Operand o : group) {
                    if (!o.test(ctx)) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    result = true;
                    break;
                }
            }
            return result != unless;
        }
    }

    Condition compile(List<String> words, Map<String, List<AclTerm>> named) throws SampleException {
        if (words.isEmpty() || !(words.get(0).equals("if") || words.get(0).equals("unless"))) {
            throw new SampleException("a condition starts with 'if' or 'unless'"
                    + (words.isEmpty() ? "" : " but got '" + words.get(0) + "'"));
        }
        boolean unless = words.get(0).equals("unless");
        List<Operand[]> groups = new ArrayList<>();
        List<Operand> group = new ArrayList<>();
        int i = 1;
        while (i < words.size()) {
            String w = words.get(i++);
            if (w.equals("or") || w.equals("||")) {
                if (group.isEmpty()) {
                    throw new SampleException("'" + w + "' needs an ACL on each side");
                }
                groups.add(group.toArray(new Operand[0]));
                group = new ArrayList<>();
                continue;
            }
            boolean negated = false;
            while (w.startsWith("!")) {
                negated = !negated;
                w = w.substring(1);
                if (w.isEmpty()) {
                    if (i >= words.size()) {
                        throw new SampleException("'!' must be followed by an ACL name");
                    }
                    w = words.get(i++);
                }
            }
            if (w.equals("{")) {
                int depthEnd = -1;
                for (int k = i; k < words.size(); k++) {
                    if (words.get(k).equals("}")) {
                        depthEnd = k;
                        break;
                    }
                }
                if (depthEnd < 0) {
                    throw new SampleException("missing '}' to close the anonymous ACL opened with '{'");
                }
                List<String> inner = words.subList(i, depthEnd);
                if (inner.isEmpty()) {
                    throw new SampleException("empty anonymous ACL '{ }'");
                }
                group.add(new Operand(new AclTerm[] {AclCompiler.compile(inner, resources)}, negated));
                i = depthEnd + 1;
                continue;
            }
            if (w.equals("}")) {
                throw new SampleException("unexpected '}' without a matching '{'");
            }
            group.add(new Operand(named(w, named), negated));
        }
        if (group.isEmpty()) {
            throw new SampleException(groups.isEmpty() ? "'" + words.get(0) + "' needs at least one ACL"
                    : "'or' needs an ACL on each side");
        }
        groups.add(group.toArray(new Operand[0]));
        return new Compiled(groups.toArray(new Operand[0][]), unless);
    }

    private AclTerm[] named(String name, Map<String, List<AclTerm>> named) throws SampleException {
        List<AclTerm> terms = named == null ? null : named.get(name);
        if (terms != null && !terms.isEmpty()) {
            return terms.toArray(new AclTerm[0]);
        }
        if (UNSUPPORTED.contains(name)) {
            throw new SampleException("predefined ACL '" + name + "' is not supported yet");
        }
        List<String> words = PREDEFINED.get(name);
        if (words != null) {
            AclTerm t = predefined.get(name);
            if (t == null) {
                t = AclCompiler.compile(words, resources);
                predefined.put(name, t);
            }
            return new AclTerm[] {t};
        }
        Set<String> candidates = new LinkedHashSet<>();
        if (named != null) {
            candidates.addAll(named.keySet());
        }
        candidates.addAll(PREDEFINED.keySet());
        throw new SampleException("no such ACL '" + name + "'" + Suggestions.didYouMean(name, candidates));
    }
}
