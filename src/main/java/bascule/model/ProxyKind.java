package bascule.model;

/** The section a proxy came from; {@code listen} is both a frontend and a backend. */
public enum ProxyKind {
    FRONTEND("frontend"), BACKEND("backend"), LISTEN("listen");

    private final String keyword;

    ProxyKind(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public boolean isFrontend() {
        return this != BACKEND;
    }

    public boolean isBackend() {
        return this != FRONTEND;
    }
}
