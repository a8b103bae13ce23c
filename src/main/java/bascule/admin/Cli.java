package bascule.admin;

import bascule.model.CliLevel;
import bascule.proxy.Backend;
import bascule.proxy.Server;
import java.util.List;

/** Small helpers shared by the command groups: levels, arguments, and finding a {@code backend/server}. */
final class Cli {
    static final String PERMISSION_DENIED = "Permission denied\n";

    private Cli() {
    }

    /** The i-th word, or "" when the request is shorter (HAProxy pads its argument array with empty words). */
    static String arg(List<String> args, int i) {
        return i < args.size() ? args.get(i) : "";
    }

    static boolean allowed(CliSession session, CliLevel needed) {
        return session.level().atLeast(needed);
    }

    /** A server found from {@code backend/server}, or HAProxy's error text. */
    record Found(Server server, String error) {
    }

    static Found server(AdminContext ctx, String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1) {
            return new Found(null, "Require 'backend/server'.\n");
        }
        Backend b = ctx.backend(text.substring(0, slash));
        if (b == null) {
            return new Found(null, "No such backend.\n");
        }
        Server s = b.server(text.substring(slash + 1));
        if (s == null) {
            return new Found(null, "No such server.\n");
        }
        return new Found(s, null);
    }

    /** C's {@code atoi}: optional blanks and sign, then digits; anything else ends the number; 0 when none. */
    static long atoi(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        v = Math.min(v, Integer.MAX_VALUE);
        return negative ? -v : v;
    }

    /** "1 active and 0 backup servers left." and its "Running on backup." note, as HAProxy's messages say. */
    static String serverCounts(int active, int backups, String verb) {
        return active + " active and " + backups + " backup servers " + verb + "."
                + (active == 0 && backups > 0 ? " Running on backup." : "");
    }
}
