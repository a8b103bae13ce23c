package bascule.admin;

/**
 * One line of {@code show stat}: a frontend, a server or a backend, with its proxy id ({@code iid}),
 * server id ({@code sid}, 0 for proxies) and every field by position (null where HAProxy leaves it empty).
 * Positions past {@link StatFields#STANDARD} are the statistics modules (ssl, h2, h1).
 */
public record StatRow(Kind kind, int proxyId, int serverId, Field[] fields) {

    /** The three kinds of rows, with the letter of the typed output and the name of the JSON output. */
    public enum Kind {
        FRONTEND('F', "Frontend", 1),
        BACKEND('B', "Backend", 2),
        SERVER('S', "Server", 4);

        private final char letter;
        private final String jsonName;
        private final int mask;

        Kind(char letter, String jsonName, int mask) {
            this.letter = letter;
            this.jsonName = jsonName;
            this.mask = mask;
        }

        char letter() {
            return letter;
        }

        String jsonName() {
            return jsonName;
        }

        /** The bit of {@code show stat <px> <type> <sid>}'s type: 1 frontends, 2 backends, 4 servers. */
        int mask() {
            return mask;
        }
    }

    public Field field(int pos) {
        return fields[pos];
    }
}
