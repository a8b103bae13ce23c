package bascule.sample;

/** Literal IPv4/IPv6 parsing without DNS, and prefix masks. */
final class IpAddresses {
    private IpAddresses() {
    }

    /** The 4 or 16 bytes of a literal address, or null when it is not one. Never resolves names. */
    static byte[] parse(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            // Safe: the string holds only hex digits, ':' and '.', so this is a literal, never a lookup.
            byte[] a = java.net.InetAddress.getByName(s).getAddress();
            if (a.length == 4) { // a v4-mapped literal: keep the IPv6 form the user wrote
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(a, 0, v6, 12, 4);
                return v6;
            }
            return a;
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    static byte[] parseV4(String s) {
        byte[] a = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                a[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? a : null;
    }

    /** A netmask given as a prefix length ("24") or dotted ("255.255.255.0"); -1 when invalid. */
    static int v4PrefixLength(String mask) {
        if (mask.indexOf('.') < 0) {
            try {
                int n = Integer.parseInt(mask);
                return n >= 0 && n <= 32 ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        byte[] m = parseV4(mask);
        if (m == null) {
            return -1;
        }
        int bits = ((m[0] & 0xff) << 24) | ((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff);
        int len = Integer.bitCount(bits);
        return bits == (len == 0 ? 0 : -1 << (32 - len)) ? len : -1;
    }

    /** A v4 mask as four bytes, from a prefix length or dotted form (any bits, as ipmask applies them). */
    static byte[] v4MaskBytes(String mask) {
        if (mask.indexOf('.') >= 0) {
            return parseV4(mask);
        }
        int len = v4PrefixLength(mask);
        return len < 0 ? null : mask(new byte[] {-1, -1, -1, -1}, len);
    }

    /** Zeroes every bit after the first {@code prefix} bits, in a copy. */
    static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff00 >> keep);
        }
        return out;
    }

    /** The IPv4 address inside a v4-mapped IPv6 address (::ffff:a.b.c.d), or null. */
    static byte[] unmapV4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return null;
            }
        }
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
            return null;
        }
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }

    static byte[] mapV4(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }
}
