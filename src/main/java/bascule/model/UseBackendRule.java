package bascule.model;

/** {@code use_backend <name>}; conditions arrive with the HTTP/ACL work. */
public record UseBackendRule(String backend, Position position) {
}
