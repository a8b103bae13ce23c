package bascule.model;

/** The values of {@code balance}, in HAProxy's spelling. */
public enum Algorithm {
    ROUNDROBIN("roundrobin"),
    STATIC_RR("static-rr"),
    LEASTCONN("leastconn"),
    FIRST("first"),
    SOURCE("source"),
    RANDOM("random");

    private final String keyword;

    Algorithm(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
