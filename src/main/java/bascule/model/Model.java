package bascule.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A whole bound configuration: the immutable result of parse and bind. */
public record Model(GlobalSpec global, List<ProxySpec> proxies, List<String> warnings,
                    List<UserlistSpec> userlists) {
    public Model {
        proxies = List.copyOf(proxies);
        warnings = List.copyOf(warnings);
        userlists = List.copyOf(userlists);
    }

    public Optional<ProxySpec> backend(String name) {
        return proxies.stream().filter(p -> p.kind().isBackend() && p.name().equals(name)).findFirst();
    }

    public List<ProxySpec> frontends() {
        return proxies.stream().filter(p -> p.kind().isFrontend()).toList();
    }

    public List<ProxySpec> backends() {
        return proxies.stream().filter(p -> p.kind().isBackend()).toList();
    }

    public Map<String, ProxySpec> byName() {
        Map<String, ProxySpec> m = new LinkedHashMap<>();
        proxies.forEach(p -> m.put(p.name(), p));
        return m;
    }
}
