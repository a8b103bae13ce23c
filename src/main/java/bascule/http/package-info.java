/**
 * HTTP mode: the HTTP/1 transaction and its glue on Netty. This part holds the execution of
 * {@code http-request}/{@code http-response}/{@code http-after-response}/{@code redirect} rules on Netty
 * message objects ({@link bascule.http.HttpRuleRunner}), the replies they build
 * ({@link bascule.http.Replies}) and what the engine must provide to them ({@link bascule.http.RuleContext}).
 * Depends on the model and the sample engine; the model and config never depend on this package.
 */
package bascule.http;
