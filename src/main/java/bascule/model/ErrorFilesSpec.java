package bascule.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The error pages one proxy overrides, by status code, after {@code defaults} and the proxy's own
 * {@code errorfile}, {@code errorfiles} and {@code errorloc*} lines were applied in order (the last line
 * for a code wins, as in HAProxy). Codes not present use the built-in pages.
 */
public record ErrorFilesSpec(Map<Integer, ErrorFileSpec> byCode) {
    /**
     * The status codes HAProxy 2.6 can customize ({@code errorfile}, {@code errorloc}, {@code deny_status}
     * without a custom reply); any other code is refused at load, as HAProxy refuses it.
     */
    public static final java.util.List<Integer> CODES = java.util.List.of(200, 400, 401, 403, 404, 405, 407, 408,
            410, 413, 421, 422, 425, 429, 500, 501, 502, 503, 504);

    public static final ErrorFilesSpec NONE = new ErrorFilesSpec(Map.of());

    public ErrorFilesSpec {
        byCode = Collections.unmodifiableMap(new TreeMap<>(byCode));
    }

    public ErrorFileSpec get(int code) {
        return byCode.get(code);
    }
}
