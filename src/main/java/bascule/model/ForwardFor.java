package bascule.model;

/**
 * {@code option forwardfor [except <network>] [header <name>] [if-none]} and {@code option originalto
 * [except <network>] [header <name>]}. {@code exceptNetwork} is null or an address/prefix such as
 * "127.0.0.0/8" (prefix -1 when none was given).
 */
public record ForwardFor(String header, byte[] exceptAddress, int exceptPrefix, boolean ifNone) {
    public boolean excepts(byte[] address) {
        if (exceptAddress == null || address == null || address.length != exceptAddress.length) {
            return false;
        }
        int bits = exceptPrefix < 0 ? address.length * 8 : exceptPrefix;
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((address[i] & mask) != (exceptAddress[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
