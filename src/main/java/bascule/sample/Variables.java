package bascule.sample;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables one stream sees: {@code sess.*} and {@code txn.*}/{@code req.*}/{@code res.*} here,
 * {@code proc.*} shared by the process. Names are full ({@code txn.user}). Not thread-safe except the
 * process scope.
 */
public final class Variables {
    private final Map<String, Sample> process;
    private final Map<String, Sample> local = new HashMap<>();

    public Variables(Map<String, Sample> process) {
        this.process = process;
    }

    public Sample get(String name) {
        return name.startsWith("proc.") ? process.get(name) : local.get(name);
    }

    public void set(String name, Sample value) {
        if (name.startsWith("proc.")) {
            process.put(name, value);
        } else {
            local.put(name, value);
        }
    }

    public void unset(String name) {
        if (name.startsWith("proc.")) {
            process.remove(name);
        } else {
            local.remove(name);
        }
    }

    /** Forgets the transaction-scoped variables at the end of an HTTP transaction. */
    public void endTransaction() {
        local.keySet().removeIf(k -> !k.startsWith("sess."));
    }
}
