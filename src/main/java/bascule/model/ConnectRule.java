package bascule.model;

/**
 * {@code tcp-check connect} / {@code http-check connect}: opens a new connection (closing the previous one).
 * {@code port} 0 and {@code addr} null mean the server's check port and address. {@code useServerSettings}
 * is the {@code default} option: the server's {@code check-send-proxy} applies too. {@code linger} closes
 * with a FIN instead of a reset. {@code implicit} marks the connect HAProxy adds in front of a script that
 * does not start with one.
 */
public record ConnectRule(int port, String addr, boolean sendProxy, boolean linger, boolean useServerSettings,
                          boolean implicit, String comment, Position position) implements CheckRule {

    /** The connect a script gets when it does not start with its own: the server's settings. */
    public static ConnectRule implicitAt(Position position) {
        return new ConnectRule(0, null, false, false, true, true, null, position);
    }

    public ConnectRule withComment(String text) {
        return new ConnectRule(port, addr, sendProxy, linger, useServerSettings, implicit, text, position);
    }
}
