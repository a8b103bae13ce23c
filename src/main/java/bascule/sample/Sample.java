package bascule.sample;

/**
 * One typed value produced by a fetch or a converter. Types follow HAProxy's: boolean, signed integer,
 * IPv4/IPv6 address (as bytes), string and binary.
 */
public record Sample(Type type, Object value) {
    public enum Type { BOOL, SINT, IPV4, IPV6, STR, BIN }

    public static Sample bool(boolean b) {
        return new Sample(Type.BOOL, b);
    }

    public static Sample integer(long n) {
        return new Sample(Type.SINT, n);
    }

    public static Sample string(String s) {
        return new Sample(Type.STR, s);
    }

    public static Sample binary(byte[] b) {
        return new Sample(Type.BIN, b);
    }

    /** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
    public static Sample ip(byte[] address) {
        return new Sample(address.length == 4 ? Type.IPV4 : Type.IPV6, address);
    }
}
