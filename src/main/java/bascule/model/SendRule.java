package bascule.model;

import java.util.Arrays;

/**
 * {@code tcp-check send <string>} or {@code tcp-check send-binary <hex>}: the bytes to write, already
 * unescaped or decoded from hexadecimal by the binder.
 */
public record SendRule(byte[] data, boolean binary, String comment, Position position) implements CheckRule {
    public SendRule {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public SendRule withComment(String text) {
        return new SendRule(data, binary, text, position);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SendRule s && Arrays.equals(data, s.data) && binary == s.binary
                && java.util.Objects.equals(comment, s.comment) && position.equals(s.position);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + position.hashCode();
    }

    @Override
    public String toString() {
        return "SendRule[" + (binary ? "binary " : "") + data.length + " bytes at " + position + "]";
    }
}
