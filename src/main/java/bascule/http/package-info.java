/**
 * HTTP/1 glue, the HTTP transaction, request/response rules, error pages; must not depend on
 * {@code bascule.config}.
 */
package bascule.http;
