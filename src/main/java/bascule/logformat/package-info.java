/**
 * HAProxy's log-format language: the compiler ({@code %ci}, {@code %{+Q}r}, {@code %[fetch]}, separators), its
 * variables, and rendering a {@link bascule.logformat.LogEntry} (the facts of one stream or transaction) into a
 * line, plain or JSON. Plain Java on top of {@code bascule.sample}; it knows nothing of sockets or syslog, so the
 * model may hold compiled formats and the log senders stay apart.
 */
package bascule.logformat;
