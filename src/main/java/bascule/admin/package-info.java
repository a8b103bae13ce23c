/**
 * HAProxy's runtime API on the stats socket ({@code stats socket} in {@code global}): the line protocol
 * (commands separated by {@code ;}, non-interactive by default, {@code prompt} for an interactive session),
 * session levels, and the commands operators script against ({@code show stat}, {@code show info},
 * {@code show servers state}, {@code set server … state drain}, {@code set weight}, {@code shutdown session}…),
 * with HAProxy 2.6's output formats and error texts. Reads and drives the live {@code bascule.proxy} runtime
 * and {@code bascule.check} health checks; must not read configuration text, and nothing else depends on it
 * except the process start-up in {@code bascule}.
 */
package bascule.admin;
