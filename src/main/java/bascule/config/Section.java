package bascule.config;

import bascule.model.Position;
import java.util.List;

/**
 * One section: its type ({@code global}, {@code defaults}, {@code frontend}, {@code backend}, {@code listen},
 * or any other section keyword the parser knows), the words after the type on the header line
 * (e.g. the name, or {@code [name] from <defaults>}), and its body lines in order.
 */
public record Section(String type, List<String> args, Position position, List<ConfigLine> lines) {
    public Section {
        args = List.copyOf(args);
        lines = List.copyOf(lines);
    }

    /** The first argument (the proxy name), or null. */
    public String name() {
        return args.isEmpty() ? null : args.get(0);
    }
}
