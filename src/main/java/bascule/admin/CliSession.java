package bascule.admin;

import bascule.model.CliLevel;

/** What a command may read and change of the stats socket session that runs it. */
interface CliSession {
    CliLevel level();

    /** Lowers (or sets) the session's level ({@code user}, {@code operator}). */
    void setLevel(CliLevel level);

    /** {@code prompt}: switches between non-interactive and interactive mode. */
    void togglePrompt();

    /** {@code quit}: ends the session after this output. */
    void quit();

    /** {@code set timeout cli}: the idle timeout of this session from now on. */
    void setTimeoutMillis(long millis);

    /** Leaves out the line feed that normally follows this command's output ({@code user -}). */
    void omitNextLineFeed();

    /**
     * Leaves out the empty line that ends this command's output, in prompt mode too (where the prompt still
     * follows): HAProxy 2.6 answers some commands ({@code del server}, early {@code add server} errors) so.
     */
    void omitBlankLine();

    /** Stats socket sessions open right now in this process (for {@code show info}). */
    int openSessions();
}
