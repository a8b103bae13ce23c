package bascule.config;

import java.util.List;

/** Every section of every file, in load order. */
public record ConfigFile(List<Section> sections) {
    public ConfigFile {
        sections = List.copyOf(sections);
    }
}
