package bascule.model;

/** The values of {@code balance}, in HAProxy's spelling. */
public enum Algorithm {
    ROUNDROBIN("roundrobin"),
    STATIC_RR("static-rr"),
    LEASTCONN("leastconn"),
    FIRST("first"),
    SOURCE("source"),
    URI("uri"),
    URL_PARAM("url_param"),
    HDR("hdr"),
    HASH("hash"),
    RANDOM("random");

    private final String keyword;

    Algorithm(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /**
     * Whether the server is chosen by hashing a key, so that {@code hash-type} applies and, when
     * map-based, weights are static (agents and {@code set weight} only switch a server on or off).
     */
    public boolean hashes() {
        return this == SOURCE || this == URI || this == URL_PARAM || this == HDR || this == HASH;
    }

    /** Whether the key comes from the HTTP request, so the algorithm means nothing outside HTTP mode. */
    public boolean needsHttp() {
        return this == URI || this == URL_PARAM || this == HDR;
    }
}
