package bascule.http;

/**
 * A request target split the way the URI rewriting actions see it: {@code origin} is
 * {@code scheme://authority} of an absolute-form target (empty for the usual origin form), {@code path} runs
 * up to the first {@code ?}, and {@code query} follows it (null when there is no {@code ?}).
 */
record RequestTarget(String origin, String path, String query) {

    static RequestTarget parse(String uri) {
        String origin = "";
        String rest = uri;
        int scheme = uri.indexOf("://");
        if (!uri.startsWith("/") && scheme > 0) {
            int slash = uri.indexOf('/', scheme + 3);
            int q = uri.indexOf('?', scheme + 3);
            int end = slash < 0 ? (q < 0 ? uri.length() : q) : (q >= 0 && q < slash ? q : slash);
            origin = uri.substring(0, end);
            rest = uri.substring(end);
        }
        int q = rest.indexOf('?');
        return q < 0 ? new RequestTarget(origin, rest, null)
                : new RequestTarget(origin, rest.substring(0, q), rest.substring(q + 1));
    }

    String pathAndQuery() {
        return query == null ? path : path + "?" + query;
    }

    String withPath(String newPath) {
        return origin + newPath + (query == null ? "" : "?" + query);
    }

    /**
     * With a new query. As in HAProxy 2.6, an existing {@code ?} stays even when the new query is empty, and
     * none is added for an empty query.
     */
    String withQuery(String newQuery) {
        if (query == null && newQuery.isEmpty()) {
            return origin + path;
        }
        return origin + path + "?" + newQuery;
    }

    String withPathAndQuery(String pathAndQuery) {
        return origin + pathAndQuery;
    }
}
