/**
 * HTTP/1 glue, the HTTP transaction, request/response rules, error pages; must not depend on
 * bascule.config.
 */
package bascule.http;
