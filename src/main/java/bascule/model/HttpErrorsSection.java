package bascule.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An {@code http-errors <name>} section: named error pages that proxies import with {@code errorfiles}. */
public record HttpErrorsSection(String name, Position position, Map<Integer, ErrorFileSpec> files) {
    public HttpErrorsSection {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }
}
