package bascule.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every error found while binding a configuration; binding reports them all at once, in file order. */
public final class ConfigErrors extends Exception {
    private final List<ConfigException> errors;

    public ConfigErrors(List<ConfigException> errors) {
        super(errors.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public static ConfigErrors of(ConfigException e) {
        return new ConfigErrors(List.of(e));
    }

    public List<ConfigException> errors() {
        return errors;
    }
}
