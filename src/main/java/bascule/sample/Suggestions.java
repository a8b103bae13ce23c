package bascule.sample;

import java.util.Collection;

/** "Did you mean" hints for misspelt fetch, converter, flag and ACL names (edit distance). */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * Returns {@code " (did you mean 'x'?)"} for the closest candidate within a small distance, or the
     * empty string when nothing is close enough to be a plausible typo.
     */
    public static String didYouMean(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            // On a tie, the candidate sharing the longer beginning is the likelier intent (hdr_bgn: hdr_beg).
            if (d < bestDistance || d == bestDistance && commonPrefix(word, c) > commonPrefix(word, best)) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && Character.toLowerCase(a.charAt(i)) == Character.toLowerCase(b.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Edit distance where swapping two neighbours counts as one edit (optimal string alignment), case-insensitive. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            char ca = Character.toLowerCase(a.charAt(i - 1));
            for (int j = 1; j <= b.length(); j++) {
                char cb = Character.toLowerCase(b.charAt(j - 1));
                int cost = ca == cb ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && ca == Character.toLowerCase(b.charAt(j - 2))
                        && Character.toLowerCase(a.charAt(i - 2)) == cb) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
