package bascule.model;

/**
 * One configured error page: {@code errorfile <code> <file>} (directly or through {@code errorfiles}) or
 * {@code errorloc*} for status {@code code}. {@code source} is the file path or the redirect URL, for
 * messages; {@code position} is the line that declared it.
 */
public record ErrorFileSpec(int code, String source, Position position, ErrorResponse response) {
}
