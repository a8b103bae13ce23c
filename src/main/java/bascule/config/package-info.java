/**
 * The HAProxy configuration language: the lexer and parser (sections of positioned keyword lines, quoting,
 * escapes, variables, conditional blocks), and the binders that turn lines into {@code bascule.model}
 * records through one small binder per keyword family, each error carrying {@code file:line}. Knows
 * nothing of Netty or of the running proxy; depends only on {@code bascule.model}.
 */
package bascule.config;
