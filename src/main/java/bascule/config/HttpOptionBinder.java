package bascule.config;

import bascule.model.CookieSpec;
import bascule.model.ForwardFor;
import bascule.model.HttpSettings;
import bascule.model.HttpSettings.ConnectionMode;
import bascule.model.UseServerRule;
import bascule.sample.SampleException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP-mode proxy settings other than rules: the connection-mode options, {@code option forwardfor}
 * and {@code originalto}, {@code http-reuse}, {@code cookie}, {@code use-server}, {@code monitor-uri},
 * {@code unique-id-format} and {@code unique-id-header}.
 */
final class HttpOptionBinder {
    static final List<String> OPTIONS = List.of("http-keep-alive", "http-server-close", "httpclose",
            "http-pretend-keepalive", "forwardfor", "originalto", "http-buffer-request");

    private HttpOptionBinder() {
    }

    /** Binds {@code [no] option <o>} if it is an HTTP option; returns false when it is not one. */
    static boolean option(ConfigLine line, int at, String o, ProxyBuilder p, boolean isDefaults, boolean on)
            throws ConfigException {
        HttpSettings h = p.http;
        switch (o) {
            case "http-keep-alive", "http-server-close", "httpclose" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dflb");
                Words.noMoreThan(line, at + 1);
                ConnectionMode m = switch (o) {
                    case "http-server-close" -> ConnectionMode.SERVER_CLOSE;
                    case "httpclose" -> ConnectionMode.CLOSE;
                    default -> ConnectionMode.KEEP_ALIVE;
                };
                p.http = with(h, on ? m : h.connectionMode() == m ? ConnectionMode.KEEP_ALIVE : h.connectionMode(),
                        h.pretendKeepAlive(), h.forwardFor(), h.originalTo(), h.bufferRequest());
            }
            case "http-pretend-keepalive" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dlb");
                Words.noMoreThan(line, at + 1);
                p.http = with(h, h.connectionMode(), on, h.forwardFor(), h.originalTo(), h.bufferRequest());
            }
            case "forwardfor", "originalto" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dflb");
                ForwardFor f = on ? forwardFor(line, at, o) : null;
                boolean ff = o.equals("forwardfor");
                p.http = with(h, h.connectionMode(), h.pretendKeepAlive(), ff ? f : h.forwardFor(),
                        ff ? h.originalTo() : f, h.bufferRequest());
            }
            case "http-buffer-request" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dflb");
                Words.noMoreThan(line, at + 1);
                p.http = with(h, h.connectionMode(), h.pretendKeepAlive(), h.forwardFor(), h.originalTo(), on);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static HttpSettings with(HttpSettings h, ConnectionMode mode, boolean pretend, ForwardFor ff,
                                     ForwardFor ot, boolean buffer) {
        return new HttpSettings(mode, pretend, h.reuse(), ff, ot, h.cookie(), h.useServers(), h.monitorUri(),
                h.uniqueIdFormat(), h.uniqueIdHeader(), buffer);
    }

    private static ForwardFor forwardFor(ConfigLine line, int at, String o) throws ConfigException {
        String header = o.equals("forwardfor") ? "X-Forwarded-For" : "X-Original-To";
        byte[] except = null;
        int prefix = -1;
        boolean ifNone = false;
        for (int i = at + 1; i < line.size(); i++) {
            String w = line.word(i);
            switch (w) {
                case "except" -> {
                    String net = Words.required(line, ++i, "a network after 'except', e.g. 127.0.0.0/8");
                    int slash = net.indexOf('/');
                    String host = slash < 0 ? net : net.substring(0, slash);
                    try {
                        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                            throw new UnknownHostException(host);
                        }
                        except = InetAddress.getByName(host).getAddress();
                    } catch (UnknownHostException e) {
                        throw new ConfigException(line.position(), "'option " + o + " except' expects an IP "
                                + "network such as 10.0.0.0/8 but got '" + net + "'");
                    }
                    if (slash >= 0) {
                        String bits = net.substring(slash + 1);
                        if (bits.contains(".")) {
                            prefix = maskBits(line, bits, o);
                        } else {
                            try {
                                prefix = Integer.parseInt(bits);
                            } catch (NumberFormatException e) {
                                prefix = 999;
                            }
                            if (prefix < 0 || prefix > except.length * 8) {
                                throw new ConfigException(line.position(), "'option " + o + " except': bad prefix "
                                        + "length '" + bits + "'");
                            }
                        }
                    }
                }
                case "header" -> header = Words.required(line, ++i, "a header name after 'header'");
                case "if-none" -> {
                    if (!o.equals("forwardfor")) {
                        throw new ConfigException(line.position(), "'if-none' applies to 'option forwardfor' only");
                    }
                    ifNone = true;
                }
                default -> throw new ConfigException(line.position(), "'option " + o + "' expects 'except', "
                        + "'header'" + (o.equals("forwardfor") ? " or 'if-none'" : "") + " but got '" + w + "'"
                        + Words.didYouMean(w, List.of("except", "header", "if-none")));
            }
        }
        return new ForwardFor(header, except, prefix, ifNone);
    }

    private static int maskBits(ConfigLine line, String mask, String o) throws ConfigException {
        try {
            byte[] m = InetAddress.getByName(mask).getAddress();
            int bits = 0;
            for (byte b : m) {
                bits += Integer.bitCount(b & 0xff);
            }
            return bits;
        } catch (UnknownHostException e) {
            throw new ConfigException(line.position(), "'option " + o + " except': bad mask '" + mask + "'");
        }
    }

    /** Binds an HTTP proxy keyword; returns false when {@code line} is not one. */
    static boolean keyword(ConfigLine line, ProxyBuilder p, boolean isDefaults) throws ConfigException {
        HttpSettings h = p.http;
        switch (line.keyword()) {
            case "http-reuse" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dlb");
                String r = Words.required(line, 1, "never, safe, aggressive or always");
                Words.noMoreThan(line, 2);
                HttpSettings.Reuse reuse = switch (r) {
                    case "never" -> HttpSettings.Reuse.NEVER;
                    case "safe" -> HttpSettings.Reuse.SAFE;
                    case "aggressive" -> HttpSettings.Reuse.AGGRESSIVE;
                    case "always" -> HttpSettings.Reuse.ALWAYS;
                    default -> throw new ConfigException(line.position(), "'http-reuse' expects never, safe, "
                            + "aggressive or always but got '" + r + "'" + Words.didYouMean(r, List.of("never", "safe",
                            "aggressive", "always")));
                };
                p.http = new HttpSettings(h.connectionMode(), h.pretendKeepAlive(), reuse, h.forwardFor(),
                        h.originalTo(), h.cookie(), h.useServers(), h.monitorUri(), h.uniqueIdFormat(),
                        h.uniqueIdHeader(), h.bufferRequest());
            }
            case "cookie" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dlb");
                CookieSpec c = cookie(line);
                p.http = new HttpSettings(h.connectionMode(), h.pretendKeepAlive(), h.reuse(), h.forwardFor(),
                        h.originalTo(), c, h.useServers(), h.monitorUri(), h.uniqueIdFormat(), h.uniqueIdHeader(),
                        h.bufferRequest());
            }
            case "use-server" -> {
                ProxyBinder.allowed(line, p, isDefaults, "lb");
                String server = Words.required(line, 1, "a server name");
                if (line.size() > 2 && !line.word(2).equals("if") && !line.word(2).equals("unless")) {
                    throw new ConfigException(line.position(), "'use-server " + server + "' expects 'if' or "
                            + "'unless' followed by a condition, but got '" + line.word(2) + "'");
                }
                p.useServers.add(new UseServerRule(server, p.condition(line, 2), line.position()));
            }
            case "monitor-uri" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dfl");
                String uri = Words.required(line, 1, "a URI such as /haproxy_test");
                Words.noMoreThan(line, 2);
                p.http = new HttpSettings(h.connectionMode(), h.pretendKeepAlive(), h.reuse(), h.forwardFor(),
                        h.originalTo(), h.cookie(), h.useServers(), uri, h.uniqueIdFormat(), h.uniqueIdHeader(),
                        h.bufferRequest());
            }
            case "unique-id-format" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dfl");
                String fmt = Words.required(line, 1, "a log-format string");
                Words.noMoreThan(line, 2);
                bascule.sample.Format f;
                try {
                    f = bascule.logformat.HeaderFormat.compileUniqueId(fmt, p.compiler);
                } catch (SampleException e) {
                    throw new ConfigException(line.position(), "'unique-id-format': " + e.getMessage());
                }
                p.http = new HttpSettings(h.connectionMode(), h.pretendKeepAlive(), h.reuse(), h.forwardFor(),
                        h.originalTo(), h.cookie(), h.useServers(), h.monitorUri(), f, h.uniqueIdHeader(),
                        h.bufferRequest());
            }
            case "unique-id-header" -> {
                ProxyBinder.allowed(line, p, isDefaults, "dfl");
                String name = Words.required(line, 1, "a header name");
                Words.noMoreThan(line, 2);
                p.http = new HttpSettings(h.connectionMode(), h.pretendKeepAlive(), h.reuse(), h.forwardFor(),
                        h.originalTo(), h.cookie(), h.useServers(), h.monitorUri(), h.uniqueIdFormat(), name,
                        h.bufferRequest());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static CookieSpec cookie(ConfigLine line) throws ConfigException {
        String name = Words.required(line, 1, "a cookie name");
        CookieSpec.Mode mode = CookieSpec.Mode.PASSIVE;
        boolean indirect = false;
        boolean nocache = false;
        boolean postonly = false;
        boolean preserve = false;
        boolean httponly = false;
        boolean secure = false;
        List<String> domains = new ArrayList<>();
        List<String> attrs = new ArrayList<>();
        for (int i = 2; i < line.size(); i++) {
            String w = line.word(i);
            switch (w) {
                case "rewrite", "insert", "prefix" -> {
                    CookieSpec.Mode m = CookieSpec.Mode.valueOf(w.toUpperCase(java.util.Locale.ROOT));
                    if (mode != CookieSpec.Mode.PASSIVE && mode != m) {
                        throw new ConfigException(line.position(), "'cookie': 'rewrite', 'insert' and 'prefix' "
                                + "are mutually exclusive");
                    }
                    mode = m;
                }
                case "indirect" -> indirect = true;
                case "nocache" -> nocache = true;
                case "postonly" -> postonly = true;
                case "preserve" -> preserve = true;
                case "httponly" -> httponly = true;
                case "secure" -> secure = true;
                case "domain" -> {
                    String d = Words.required(line, ++i, "a domain after 'domain'");
                    domains.add(d);
                }
                case "maxidle", "maxlife" -> throw new ConfigException(line.position(), "'cookie ... " + w
                        + "' is not supported yet: persistence cookies carry no dates in Bascule");
                case "attr" -> {
                    String a = Words.required(line, ++i, "an attribute after 'attr'");
                    if (a.indexOf(';') >= 0 || a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                        throw new ConfigException(line.position(), "'cookie attr' cannot hold ';' or control "
                                + "characters: '" + a + "'");
                    }
                    attrs.add(a);
                }
                case "dynamic" -> throw new ConfigException(line.position(), "'cookie ... dynamic' is not "
                        + "supported yet: set a 'cookie' value on each server instead");
                default -> throw new ConfigException(line.position(), "unknown 'cookie' option '" + w + "'"
                        + Words.didYouMean(w, List.of("rewrite", "insert", "prefix", "indirect", "nocache",
                        "postonly", "preserve", "httponly", "secure", "domain", "maxidle", "maxlife", "attr")));
            }
        }
        if (preserve && mode != CookieSpec.Mode.INSERT) {
            throw new ConfigException(line.position(), "'cookie': 'preserve' requires 'insert'");
        }
        if ((indirect || nocache || postonly) && mode == CookieSpec.Mode.PASSIVE) {
            throw new ConfigException(line.position(), "'cookie': 'indirect', 'nocache' and 'postonly' need "
                    + "'insert', 'rewrite' or 'prefix'");
        }
        return new CookieSpec(name, mode, indirect, nocache, postonly, preserve, httponly, secure, domains, 0, 0,
                attrs, line.position());
    }
}
