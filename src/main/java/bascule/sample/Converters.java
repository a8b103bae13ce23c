package bascule.sample;

import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongBinaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The converters Bascule knows; {@link #compile} checks arguments and binds them once. */
final class Converters {
    private Converters() {
    }

    interface Factory {
        Converter make(Call call, Resources resources) throws SampleException;
    }

    record Def(String name, String usage, int minArgs, int maxArgs, Factory factory) {
    }

    private static final Map<String, Def> DEFS = build();

    static Set<String> names() {
        return Collections.unmodifiableSet(DEFS.keySet());
    }

    static Converter compile(Call call, Resources resources) throws SampleException {
        Def def = DEFS.get(call.name());
        if (def == null) {
            throw new SampleException("unknown converter '" + call.name() + "'" + Suggestions.didYouMean(call.name(), DEFS.keySet()));
        }
        if (call.name().startsWith("map") && call.argCount() == 0) {
            throw new SampleException("converter '" + call.name() + "' needs a map file name (" + def.usage + ")");
        }
        Fetches.checkArgs("converter", def.name, def.usage, def.minArgs, def.maxArgs, call);
        return def.factory.make(call, resources);
    }

    private static Map<String, Def> build() {
        Map<String, Def> m = new LinkedHashMap<>();
        put(m, "lower", "lower", 0, 0, (c, r) -> (in, ctx) -> Sample.string(Samples.asString(in).toLowerCase(Locale.ROOT)));
        put(m, "upper", "upper", 0, 0, (c, r) -> (in, ctx) -> Sample.string(Samples.asString(in).toUpperCase(Locale.ROOT)));
        put(m, "length", "length", 0, 0, (c, r) -> (in, ctx) -> Sample.integer(Casts.toBytes(in).length));
        put(m, "hex", "hex", 0, 0, (c, r) -> (in, ctx) -> Sample.string(HexFormat.of().withUpperCase().formatHex(Casts.toBytes(in))));
        put(m, "base64", "base64", 0, 0, (c, r) -> (in, ctx) -> Sample.string(Base64.getEncoder().encodeToString(Casts.toBytes(in))));
        put(m, "bytes", "bytes(<offset>[,<length>])", 1, 2, (c, r) -> {
            long offset = Fetches.integerArg(c, 0, "the offset");
            long length = c.argCount() > 1 ? Fetches.integerArg(c, 1, "the length") : -1;
            if (offset < 0 || c.argCount() > 1 && length <= 0) {
                throw new SampleException("'bytes': the offset must be >= 0 and the length > 0");
            }
            return (in, ctx) -> {
                byte[] b = Casts.toBytes(in);
                if (offset >= b.length) {
                    return null;
                }
                int end = length < 0 ? b.length : (int) Math.min(b.length, offset + length);
                return Sample.binary(java.util.Arrays.copyOfRange(b, (int) offset, end));
            };
        });
        hash(m, "crc32", Hashes::crc32);
        hash(m, "djb2", Hashes::djb2);
        hash(m, "sdbm", Hashes::sdbm);
        hash(m, "wt6", Hashes::wt6);
        put(m, "ipmask", "ipmask(<v4mask>[,<v6mask>])", 1, 2, (c, r) -> {
            byte[] v4 = IpAddresses.v4MaskBytes(c.arg(0).trim());
            if (v4 == null) {
                throw new SampleException("'ipmask': '" + c.arg(0) + "' is not an IPv4 mask (0 to 32 or a dotted mask)");
            }
            int v6 = -1;
            if (c.argCount() > 1) {
                v6 = (int) Fetches.integerArg(c, 1, "the IPv6 mask");
                if (v6 < 0 || v6 > 128) {
                    throw new SampleException("'ipmask': the IPv6 mask must be between 0 and 128 but got " + v6);
                }
            }
            int v6mask = v6;
            return (in, ctx) -> {
                Sample ip = Casts.toIp(in);
                if (ip == null) {
                    return null;
                }
                byte[] a = (byte[]) ip.value();
                if (a.length == 4) {
                    byte[] out = a.clone();
                    for (int i = 0; i < 4; i++) {
                        out[i] &= v4[i];
                    }
                    return Sample.ip(out);
                }
                return v6mask < 0 ? null : Sample.ip(IpAddresses.mask(a, v6mask));
            };
        });
        put(m, "regsub", "regsub(<regex>,<subst>[,<flags>])", 2, 3, (c, r) -> {
            String flags = c.argCount() > 2 ? c.arg(2) : "";
            boolean global = false;
            int options = 0;
            for (char f : flags.toCharArray()) {
                switch (f) {
                    case 'g' -> global = true;
                    case 'i' -> options |= Pattern.CASE_INSENSITIVE;
                    default -> throw new SampleException("'regsub': unknown flag '" + f + "' in '" + flags
                            + "' (use g for all matches, i to ignore case)");
                }
            }
            Pattern re;
            try {
                re = Pattern.compile(c.arg(0), options);
            } catch (PatternSyntaxException e) {
                throw new SampleException("'regsub': invalid regex '" + c.arg(0) + "': " + e.getDescription());
            }
            TextFunctions.Regsub rs = new TextFunctions.Regsub(re, TextFunctions.substitution(c.arg(1)), global);
            return (in, ctx) -> Sample.string(rs.apply(Samples.asString(in)));
        });
        put(m, "field", "field(<index>,<delimiters>[,<count>])", 2, 3, (c, r) -> fieldOrWord(c, true));
        put(m, "word", "word(<index>,<delimiters>[,<count>])", 2, 3, (c, r) -> fieldOrWord(c, false));
        put(m, "json", "json([<input-code>])", 0, 1, (c, r) -> {
            String code = c.argCount() == 0 ? "" : c.arg(0);
            boolean utf8 = code.startsWith("utf8");
            boolean skip = code.equals("utf8s");
            if (!Set.of("", "ascii", "utf8", "utf8s").contains(code)) {
                throw new SampleException("'json': input code '" + code + "' is not supported"
                        + (code.startsWith("utf8p") ? " yet" : "") + " (use ascii, utf8 or utf8s)");
            }
            return (in, ctx) -> {
                String s = TextFunctions.json(Samples.asString(in), utf8, skip);
                return s == null ? null : Sample.string(s);
            };
        });
        put(m, "url_dec", "url_dec([<in_form>])", 0, 1, (c, r) -> {
            boolean form = c.argCount() > 0 && Fetches.integerArg(c, 0, "in_form") != 0;
            return (in, ctx) -> {
                String s = TextFunctions.urlDecode(Samples.asString(in), form);
                return s == null ? null : Sample.string(s);
            };
        });
        put(m, "concat", "concat([<prefix>][,<var>][,<suffix>])", 0, 3, (c, r) -> {
            String prefix = c.argCount() > 0 ? c.arg(0) : "";
            String var = c.argCount() > 1 && !c.arg(1).isEmpty() ? Fetches.variableName(c.arg(1), "concat") : null;
            String suffix = c.argCount() > 2 ? c.arg(2) : "";
            return (in, ctx) -> {
                StringBuilder b = new StringBuilder(Samples.asString(in)).append(prefix);
                if (var != null) {
                    Sample v = ctx.variables().get(var);
                    if (v != null) {
                        b.append(Samples.asString(v));
                    }
                }
                return Sample.string(b.append(suffix).toString());
            };
        });
        arithmetic(m, "add", Math::addExact);
        arithmetic(m, "sub", Math::subtractExact);
        arithmetic(m, "mul", Math::multiplyExact);
        arithmetic(m, "div", (a, b) -> b == 0 ? Long.MAX_VALUE : a / b);
        arithmetic(m, "mod", (a, b) -> b == 0 ? 0 : a % b);
        arithmetic(m, "and", (a, b) -> a & b);
        arithmetic(m, "or", (a, b) -> a | b);
        arithmetic(m, "xor", (a, b) -> a ^ b);
        put(m, "neg", "neg", 0, 0, (c, r) -> integer(v -> -v));
        put(m, "cpl", "cpl", 0, 0, (c, r) -> integer(v -> ~v));
        put(m, "odd", "odd", 0, 0, (c, r) -> (in, ctx) -> boolOf(in, v -> (v & 1) == 1));
        put(m, "even", "even", 0, 0, (c, r) -> (in, ctx) -> boolOf(in, v -> (v & 1) == 0));
        put(m, "bool", "bool", 0, 0, (c, r) -> (in, ctx) -> boolOf(in, v -> v != 0));
        put(m, "not", "not", 0, 0, (c, r) -> (in, ctx) -> boolOf(in, v -> v == 0));
        for (String match : List.of("", "_str", "_beg", "_sub", "_dir", "_dom", "_end", "_reg", "_ip", "_int", "_len")) {
            for (String output : List.of("", "_str", "_int", "_ip")) {
                if (match.isEmpty() && !output.isEmpty()) {
                    continue;
                }
                String name = "map" + match + output;
                put(m, name, name + "(<map file>[,<default value>])", 1, 2, (c, r) -> MapConverter.compile(c, r));
            }
        }
        return m;
    }

    /** The match method an ACL uses after this converter, from its output type; null keeps the input's. */
    static MatchMethod outputMatch(String name) {
        if (name.startsWith("map")) {
            return name.endsWith("_int") && !name.equals("map_int") ? MatchMethod.INT
                    : name.endsWith("_ip") && !name.equals("map_ip") ? MatchMethod.IP : MatchMethod.STR;
        }
        return switch (name) {
            case "length", "crc32", "djb2", "sdbm", "wt6", "add", "sub", "mul", "div", "mod", "and", "or", "xor",
                 "neg", "cpl" -> MatchMethod.INT;
            case "bool", "not", "odd", "even" -> MatchMethod.BOOL;
            case "ipmask" -> MatchMethod.IP;
            default -> MatchMethod.STR;
        };
    }

    private static void put(Map<String, Def> m, String name, String usage, int min, int max, Factory factory) {
        m.put(name, new Def(name, usage, min, max, factory));
    }

    private static void hash(Map<String, Def> m, String name, java.util.function.ToIntFunction<byte[]> function) {
        put(m, name, name + "([<avalanche>])", 0, 1, (c, r) -> {
            boolean avalanche = c.argCount() > 0 && Fetches.integerArg(c, 0, "avalanche") != 0;
            return (in, ctx) -> {
                int h = function.applyAsInt(Casts.toBytes(in));
                return Sample.integer(Integer.toUnsignedLong(avalanche ? Hashes.avalanche(h) : h));
            };
        });
    }

    /** add/sub/...: the argument is an integer or the name of a variable read at each evaluation. */
    private static void arithmetic(Map<String, Def> m, String name, LongBinaryOperator op) {
        put(m, name, name + "(<value or variable>)", 1, 1, (c, r) -> {
            String arg = c.arg(0).trim();
            boolean literal = !arg.isEmpty() && (Character.isDigit(arg.charAt(0)) || arg.charAt(0) == '-' || arg.charAt(0) == '+');
            long constant = literal ? Fetches.integerArg(c, 0, "the value") : 0;
            String var = literal ? null : Fetches.variableName(arg, name);
            return (in, ctx) -> {
                Sample a = Casts.toInteger(in);
                if (a == null) {
                    return null;
                }
                long b = constant;
                if (var != null) {
                    Sample v = ctx.variables().get(var);
                    Sample n = v == null ? null : Casts.toInteger(v);
                    if (n == null) {
                        return null;
                    }
                    b = (Long) n.value();
                }
                try {
                    return Sample.integer(op.applyAsLong((Long) a.value(), b));
                } catch (ArithmeticException overflow) {
                    return Sample.integer(overflowResult(name, (Long) a.value(), b));
                }
            };
        });
    }

    /** Overflow saturates, as HAProxy's arithmetic converters do. */
    private static long overflowResult(String name, long a, long b) {
        boolean negative = switch (name) {
            case "add" -> a < 0;
            case "sub" -> a < 0;
            default -> (a < 0) != (b < 0);
        };
        return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    private static Converter integer(java.util.function.LongUnaryOperator op) {
        return (in, ctx) -> {
            Sample a = Casts.toInteger(in);
            return a == null ? null : Sample.integer(op.applyAsLong((Long) a.value()));
        };
    }

    private static Sample boolOf(Sample in, java.util.function.LongPredicate p) {
        Sample a = in.type() == Sample.Type.BOOL ? Sample.integer((Boolean) in.value() ? 1 : 0) : Casts.toInteger(in);
        return a == null ? null : Sample.bool(p.test((Long) a.value()));
    }

    private static Converter fieldOrWord(Call c, boolean field) throws SampleException {
        long index = Fetches.integerArg(c, 0, "the index");
        String delims = c.arg(1);
        long count = c.argCount() > 2 ? Fetches.integerArg(c, 2, "the count") : 1;
        if (index == 0) {
            throw new SampleException("'" + c.name() + "': the index must not be 0 (1 is the first, -1 the last)");
        }
        if (delims.isEmpty()) {
            throw new SampleException("'" + c.name() + "' needs at least one delimiter character");
        }
        if (count < 0) {
            throw new SampleException("'" + c.name() + "': the count must be 0 (to the end) or more but got " + count);
        }
        int i = (int) index;
        int n = (int) count;
        return (in, ctx) -> {
            String s = Samples.asString(in);
            String out = field ? TextFunctions.field(s, i, delims, n) : TextFunctions.word(s, i, delims, n);
            return out == null ? null : Sample.string(out);
        };
    }

}
