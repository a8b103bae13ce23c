package bascule.check;

import java.net.InetSocketAddress;

/**
 * One step of a compiled check script, ready to run against one server. {@link #id()} is HAProxy's step
 * number for messages ("at step 3 of tcp-check"): the position of the configuration line among the
 * section's check lines, comments included, and 0 for the connect HAProxy adds in front of a script.
 */
sealed interface ScriptStep permits ScriptStep.Connect, ScriptStep.Send, ExpectStep {
    int id();

    /** The {@code comment} of the step (its own or the one a comment line handed it), or null. */
    String comment();

    /** HAProxy's words for the step after "at step N of tcp-check", e.g. " (connect port 8080)". */
    String describe();

    /**
     * Opens a new connection to {@code address}. {@code explicitPort} is the {@code port} option as written (0 if
     * none), for messages only. {@code sendProxy}: a PROXY protocol v1 line goes first. {@code linger}: close
     * with a FIN rather than a reset.
     */
    record Connect(int id, InetSocketAddress address, int explicitPort, boolean sendProxy, boolean linger,
                   boolean implicit, String comment) implements ScriptStep {
        @Override
        public String describe() {
            return explicitPort > 0 ? " (connect port " + explicitPort + ")" : " (connect)";
        }
    }

    /** Writes {@code data}; {@code headRequest} marks an HTTP HEAD request, whose response has no body. */
    record Send(int id, byte[] data, boolean headRequest, String comment) implements ScriptStep {
        @Override
        public String describe() {
            return " (send)";
        }
    }
}
