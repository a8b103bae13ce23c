package bascule.config;

import bascule.model.Position;
import java.util.List;

/** One logical configuration line split into words, with quotes, escapes and variables already resolved. */
public record ConfigLine(Position position, List<String> words) {
    public ConfigLine {
        words = List.copyOf(words);
    }

    public String keyword() {
        return words.get(0);
    }

    /** Word {@code i} (0 is the keyword), or null past the end. */
    public String word(int i) {
        return i < words.size() ? words.get(i) : null;
    }

    public int size() {
        return words.size();
    }
}
