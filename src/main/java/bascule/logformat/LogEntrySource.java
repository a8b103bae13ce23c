package bascule.logformat;

/**
 * A sample context that can say, at any moment of its life, what its log line would hold now. Header formats
 * with variables such as {@code %ci} or {@code %Ts} render from it, so they see what HAProxy shows at that
 * point of a transaction (no server yet, timers still {@code -1}, and so on).
 */
public interface LogEntrySource {

    /** The facts of the stream or transaction as they stand now; a fresh entry each call. */
    LogEntry logEntryNow();
}
