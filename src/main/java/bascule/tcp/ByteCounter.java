package bascule.tcp;

/**
 * Where a stream reports the bytes it relays through the JVM: {@code fromClient} bytes go to the server,
 * the others to the client. Called on the stream's event loop for every read, so implementations must be
 * cheap (adders, no locks).
 */
@FunctionalInterface
public interface ByteCounter {
    ByteCounter NONE = (fromClient, bytes) -> { };

    void add(boolean fromClient, long bytes);
}
