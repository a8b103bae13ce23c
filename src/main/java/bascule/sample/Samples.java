package bascule.sample;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Conversions between sample types, as HAProxy's casts do them. */
public final class Samples {
    private Samples() {
    }

    public static String asString(Sample s) {
        return switch (s.type()) {
            case BOOL -> ((Boolean) s.value()) ? "1" : "0";
            case SINT -> Long.toString((Long) s.value());
            case STR -> (String) s.value();
            case BIN -> new String((byte[]) s.value(), StandardCharsets.ISO_8859_1);
            case IPV4, IPV6 -> {
                try {
                    yield InetAddress.getByAddress((byte[]) s.value()).getHostAddress();
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
