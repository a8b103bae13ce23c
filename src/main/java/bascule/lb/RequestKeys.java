package bascule.lb;

import bascule.model.Balance;
import bascule.model.HashType;
import bascule.sample.HttpMessageView;
import bascule.sample.Sample;
import bascule.sample.SampleExpr;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The keys the hashing algorithms read from a stream, cut exactly where HAProxy cuts them, and the
 * {@link RequestHasher}s built on them. Keys are bytes: request lines and header values arrive as
 * ISO-8859-1 text (one char per byte), so that is how they turn back into the bytes HAProxy hashes.
 *
 * <p>Each {@code ...Key} method returns the bytes to hash, or null when the request has no key, in which
 * case the algorithm balances the request round-robin.
 */
public final class RequestKeys {
    private RequestKeys() {
    }

    /** The hasher for a backend's {@code balance} key, or for {@code balance source} when {@code key} is null. */
    static RequestHasher hasher(Balance.Key key, HashType hashType) {
        return switch (key) {
            case null -> source(hashType);
            case Balance.Uri u -> strings(hashType, r -> {
                HttpMessageView v = r.httpRequest();
                return v == null || v.uri() == null ? null : uriKey(u, v.uri());
            });
            case Balance.UrlParam p -> strings(hashType, r -> urlParamKey(p, r.httpRequest()));
            case Balance.Header h -> strings(hashType, r -> headerKey(h, r.httpRequest()));
            case Balance.Expression e -> strings(hashType, r -> expressionKey(e.compiled(), r));
        };
    }

    /**
     * {@code balance source}: the address folded into 32 bits; as in HAProxy only the avalanche modifier
     * applies, never the hash function.
     */
    private static RequestHasher source(HashType hashType) {
        return r -> {
            byte[] source = r.source();
            if (source == null) {
                return RequestHasher.NO_KEY;
            }
            int hash = Hashes.foldAddress(source);
            return Integer.toUnsignedLong(hashType.avalanche() ? Hashes.avalanche(hash) : hash);
        };
    }

    private interface KeyReader {
        byte[] key(LbRequest request);
    }

    private static RequestHasher strings(HashType hashType, KeyReader reader) {
        return r -> {
            byte[] key = reader.key(r);
            return key == null ? RequestHasher.NO_KEY
                    : Integer.toUnsignedLong(Hashes.hash(hashType.function(), hashType.avalanche(), key));
        };
    }

    /**
     * {@code balance uri}: the request target (or only its path with {@code path-only}), first cut to
     * {@code len} bytes, then up to the {@code depth + 1}-th slash, and up to the question mark unless
     * {@code whole}. Never null: a request always has a target.
     */
    public static byte[] uriKey(Balance.Uri options, String uri) {
        String target = options.pathOnly() ? path(uri) : uri;
        byte[] b = latin1(target);
        int length = options.length() > 0 ? Math.min(b.length, options.length()) : b.length;
        int stopAtSlash = options.depth() > 0 ? options.depth() + 1 : 0;
        int slashes = 0;
        int end = 0;
        while (end < length) {
            byte c = b[end];
            if (c == '/') {
                if (++slashes == stopAtSlash) {
                    break;
                }
            } else if (c == '?' && !options.whole()) {
                break;
            }
            end++;
        }
        return end == b.length ? b : java.util.Arrays.copyOf(b, end);
    }

    /**
     * The path of a request target as HAProxy's {@code path-only} sees it: the whole target in origin
     * form ({@code /a?b}), what follows the authority in absolute form ({@code http://h/a?b} gives
     * {@code /a?b}), and the empty string for {@code *}, an authority ({@code CONNECT}) or an absolute URI
     * without a path.
     */
    static String path(String uri) {
        if (uri.isEmpty() || uri.charAt(0) == '*') {
            return "";
        }
        if (uri.charAt(0) == '/') {
            return uri;
        }
        int i = 0;
        int n = uri.length();
        if (!isAlpha(uri.charAt(0))) {
            return "";
        }
        i++;
        while (i < n && (isAlpha(uri.charAt(i)) || isDigit(uri.charAt(i)) || "+-.".indexOf(uri.charAt(i)) >= 0)) {
            i++;
        }
        if (!uri.startsWith("://", i)) {
            return "";
        }
        int slash = uri.indexOf('/', i + 3);
        return slash < 0 ? "" : uri.substring(slash);
    }

    /**
     * {@code balance url_param}: the value of the first {@code name=} parameter of the query string
     * (after the first {@code ?}, parameters separated by {@code &}, names compared exactly), up to the
     * next {@code &}; an empty value is a key. Failing that, for a POST whose body is at hand, the same
     * search in the body. Null when found in neither.
     */
    public static byte[] urlParamKey(Balance.UrlParam param, HttpMessageView request) {
        if (request == null || request.uri() == null) {
            return null;
        }
        byte[] name = latin1(param.name());
        byte[] uri = latin1(request.uri());
        int query = indexOf(uri, (byte) '?', 0, uri.length);
        byte[] key = query < 0 ? null : findParam(uri, query + 1, uri.length, name, false);
        if (key == null && "POST".equals(request.method()) && request.body() != null) {
            byte[] body = request.body();
            key = findParam(body, 0, body.length, name, true);
        }
        return key;
    }

    /**
     * Searches {@code b[from, to)} for {@code name=} at the start of a parameter. In a body
     * ({@code inBody}), as in HAProxy, a value whose first byte is not a token character is not
     * form-encoded and gives no key, unless that byte is white space, which gives an empty value.
     */
    private static byte[] findParam(byte[] b, int from, int to, byte[] name, boolean inBody) {
        int params = from;
        while (to - params > name.length) {
            if (b[params + name.length] == '=' && java.util.Arrays.equals(b, params, params + name.length,
                    name, 0, name.length)) {
                int start = params + name.length + 1;
                int end = start;
                while (end < to && b[end] != '&') {
                    if (inBody && !isToken(b[start])) {
                        if (isLinearWhiteSpace(b[start])) {
                            break;
                        }
                        return null;
                    }
                    end++;
                }
                return java.util.Arrays.copyOfRange(b, start, end);
            }
            int amp = indexOf(b, (byte) '&', params, to);
            if (amp < 0) {
                return null;
            }
            params = amp + 1;
        }
        return null;
    }

    /**
     * {@code balance hdr(<name>)}: the first value of the first field of that name (the field is cut at
     * the first comma outside quotes and trimmed), null when absent or empty. With
     * {@code use_domain_only}, only the label before the last dot: {@code www.example.com} and
     * {@code example.com} both give {@code example}; a value without a dot is hashed whole.
     */
    public static byte[] headerKey(Balance.Header header, HttpMessageView request) {
        if (request == null) {
            return null;
        }
        List<String> fields = request.headerValues(header.name());
        if (fields.isEmpty()) {
            return null;
        }
        byte[] v = firstValue(latin1(fields.get(0)));
        if (v.length == 0) {
            return null;
        }
        return header.domainOnly() ? domain(v) : v;
    }

    /**
     * Walks back from the end to the last dot (the one before the top-level domain; the first byte is
     * never taken for it), then on to the dot before that; what lies between is the key. The scan and
     * its edge cases (a leading dot, a trailing dot) follow HAProxy's.
     */
    private static byte[] domain(byte[] v) {
        int p = v.length;
        int end = v.length;
        boolean inDomain = false;
        for (int remaining = v.length; remaining > 0; remaining--, p--) {
            if (inDomain) {
                if (v[p - 1] == '.') {
                    break;
                }
            } else if (p < v.length && v[p] == '.') {
                end = p;
                inDomain = true;
            }
        }
        return java.util.Arrays.copyOfRange(v, p, end);
    }

    /** The first comma-separated value of a field line, without surrounding blanks. */
    private static byte[] firstValue(byte[] line) {
        int start = 0;
        while (start < line.length && isLinearWhiteSpace(line[start])) {
            start++;
        }
        int end = start;
        boolean quoted = false;
        boolean escaped = false;
        for (; end < line.length; end++) {
            byte c = line[end];
            if (escaped) {
                escaped = false;
            } else if (quoted) {
                if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                break;
            }
        }
        while (end > start && isLinearWhiteSpace(line[end - 1])) {
            end--;
        }
        return java.util.Arrays.copyOfRange(line, start, end);
    }

    /**
     * {@code balance hash <expr>}: the expression's value as binary, as HAProxy converts it (strings as
     * their bytes, integers and booleans as 8 bytes big-endian, addresses as their 4 or 16 bytes). Null
     * when there is no context (TCP mode without one) or the expression yields nothing.
     */
    public static byte[] expressionKey(SampleExpr expr, LbRequest request) {
        if (request.context() == null) {
            return null;
        }
        Sample s = expr.evaluate(request.context());
        if (s == null) {
            return null;
        }
        return switch (s.type()) {
            case STR -> text((String) s.value());
            case BIN, IPV4, IPV6 -> (byte[]) s.value();
            case SINT -> ByteBuffer.allocate(8).putLong((Long) s.value()).array();
            case BOOL -> ByteBuffer.allocate(8).putLong((Boolean) s.value() ? 1 : 0).array();
        };
    }

    /** Text whose chars all fit a byte came off the wire as ISO-8859-1; anything else is UTF-8. */
    private static byte[] text(String s) {
        return s.chars().allMatch(c -> c <= 0xff) ? s.getBytes(StandardCharsets.ISO_8859_1)
                : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] latin1(String s) {
        return text(s);
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLinearWhiteSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** RFC 7230 tchar. */
    private static boolean isToken(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c > 0 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
