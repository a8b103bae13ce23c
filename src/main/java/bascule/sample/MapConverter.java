package bascule.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code map_<match>_<output>(file[,default])}: looks the input up in a map file ("key value" lines) with
 * an ACL match method and returns the value, typed as asked; the default when nothing matches, else no
 * sample. Values are converted to their output type once, at load.
 */
final class MapConverter {
    private MapConverter() {
    }

    static Converter compile(Call call, Resources resources) throws SampleException {
        String name = call.name();
        String rest = name.substring(3);
        String match = "str";
        String output = "str";
        if (!rest.isEmpty()) {
            String[] parts = rest.substring(1).split("_");
            match = parts[0];
            if (parts.length > 1) {
                output = parts[1];
            }
        }
        MatchMethod method = MatchMethod.byKeyword(match);
        String file = call.arg(0);
        if (file.isEmpty()) {
            throw new SampleException("converter '" + name + "' needs a map file name");
        }
        List<PatternIndex.Entry<Sample>> entries = new ArrayList<>();
        for (String line : resources.lines(file, "map file")) {
            int space = 0;
            while (space < line.length() && line.charAt(space) != ' ' && line.charAt(space) != '\t') {
                space++;
            }
            String key = line.substring(0, space);
            String value = line.substring(space).strip();
            Sample typed = typed(value, output);
            if (typed == null) {
                throw new SampleException("map file '" + file + "': value '" + value + "' of key '" + key
                        + "' is not " + (output.equals("int") ? "an integer" : "an IP address") + " as '" + name + "' needs");
            }
            entries.add(new PatternIndex.Entry<>(key, typed));
        }
        Sample fallback = null;
        if (call.argCount() > 1) {
            fallback = typed(call.arg(1), output);
            if (fallback == null) {
                throw new SampleException("'" + name + "': default value '" + call.arg(1) + "' is not "
                        + (output.equals("int") ? "an integer" : "an IP address"));
            }
        }
        PatternIndex<Sample> index;
        try {
            index = PatternIndex.compile(method, entries, false);
        } catch (SampleException e) {
            throw new SampleException("map file '" + file + "': " + e.getMessage());
        }
        Sample otherwise = fallback;
        boolean integerInput = method == MatchMethod.INT;
        return (in, ctx) -> {
            Sample key = integerInput ? Casts.toInteger(in) : in;
            Sample found = key == null ? null : index.find(key);
            return found != null ? found : otherwise;
        };
    }

    private static Sample typed(String value, String output) {
        return switch (output) {
            case "int" -> {
                try {
                    yield Sample.integer(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            case "ip" -> {
                byte[] a = IpAddresses.parse(value);
                yield a == null ? null : Sample.ip(a);
            }
            default -> Sample.string(value);
        };
    }
}
