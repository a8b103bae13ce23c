package bascule.proxy;

import bascule.logformat.LogEntry;
import io.netty.channel.Channel;

/**
 * Where a frontend's streams are logged (its {@code log} lines and format). Streams fill a {@link LogEntry}
 * and hand it over when they end; both calls are cheap and never block.
 */
public interface StreamLog {
    /** True when lines go anywhere; a stream that gets false need not fill an entry at all. */
    boolean enabled();

    /** A connection was accepted (HAProxy's "Connect from" line when the frontend has no log format). */
    void accepted(Channel client);

    /** A stream or transaction ended. */
    void emit(LogEntry entry);

    /** A frontend without {@code log} lines. */
    StreamLog NONE = new StreamLog() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void accepted(Channel client) {
        }

        @Override
        public void emit(LogEntry entry) {
        }
    };
}
