/**
 * Load-balancing algorithms ({@code balance ...}), one class per algorithm behind {@link bascule.lb.LoadBalancer}.
 * Plain Java: depends only on {@code bascule.model}, never on Netty or sockets, so each algorithm is
 * unit-testable with fake servers.
 */
package bascule.lb;
