package bascule.config;

import bascule.model.Address;
import bascule.model.BindSpec;
import java.util.List;

/** Binds a {@code bind <addr>[,<addr>...] [options]} line. */
final class BindBinder {
    static final List<String> OPTIONS = List.of("name", "maxconn", "v4v6");

    private BindBinder() {
    }

    static BindSpec bind(ConfigLine line) throws ConfigException {
        String list = Words.required(line, 1, "an address such as '*:80' or '127.0.0.1:8080'");
        List<Address> addresses = AddressParser.bindList(list, line.position());
        String name = null;
        int maxconn = 0;
        boolean v4v6 = false;
        boolean v6only = false;
        for (int i = 2; i < line.size(); i++) {
            String w = line.word(i);
            switch (w) {
                case "name" -> name = Words.required(line, ++i, "a name after 'name'");
                case "maxconn" -> maxconn = Words.integer(line, ++i, "maxconn", 0, Integer.MAX_VALUE);
                case "v4v6" -> v4v6 = true;
                case "v6only" -> throw new ConfigException(line.position(), "bind option 'v6only' is not "
                        + "supported: the JVM cannot set IPV6_V6ONLY per socket; bind to an IPv6 address instead");
                case "interface" -> throw new ConfigException(line.position(), "bind option 'interface' is not "
                        + "supported: the JVM cannot set SO_BINDTODEVICE; bind to the interface's address instead");
                default -> {
                    if (LaterFeatures.isKnownBindOption(w)) {
                        throw new ConfigException(line.position(), LaterFeatures.bindOption(w));
                    }
                    throw new ConfigException(line.position(), "unknown bind option '" + w + "'"
                            + Words.didYouMean(w, OPTIONS) + "; supported: " + String.join(", ", OPTIONS));
                }
            }
        }
        if (v4v6 && v6only) {
            throw new ConfigException(line.position(), "'v4v6' and 'v6only' cannot be used together");
        }
        return new BindSpec(addresses, name, maxconn, v4v6, v6only, null, line.position());
    }
}
