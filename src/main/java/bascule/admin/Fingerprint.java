package bascule.admin;

/**
 * How alike two words look, as HAProxy measures it to suggest commands: each word is reduced to the counts of
 * its character transitions (letter to letter, letter to digit, start to letter, … with letters folded to
 * lower case, digits and other characters each as one class), and the distance is the sum of the count
 * differences. Typing mistakes keep most transitions, so close words have small distances.
 */
final class Fingerprint {
    private static final int CLASSES = 32;
    private static final int BEGIN = 28;
    private static final int END = 29;

    private final int[] counts = new int[CLASSES * CLASSES];

    /** Adds the transitions of one more word. */
    Fingerprint add(String word) {
        int from = BEGIN;
        for (int i = 0; i < word.length(); i++) {
            int to = classOf(word.charAt(i));
            counts[from * CLASSES + to]++;
            from = to;
        }
        counts[from * CLASSES + END]++;
        return this;
    }

    private static int classOf(char c) {
        char l = Character.toLowerCase(c);
        if (l >= 'a' && l <= 'z') {
            return l - 'a';
        }
        if (c >= '0' && c <= '9') {
            return 26;
        }
        return 27;
    }

    int distance(Fingerprint other) {
        int d = 0;
        for (int i = 0; i < counts.length; i++) {
            d += Math.abs(counts[i] - other.counts[i]);
        }
        return d;
    }
}
