/**
 * Load-balancing algorithms ({@code balance ...}), one class per algorithm behind {@link bascule.lb.LoadBalancer}.
 * Plain Java: depends only on {@code bascule.model} and the plain-Java contracts of {@code bascule.sample}
 * (the request view and sample expressions the request-hashing algorithms read), never on Netty or
 * sockets, so each algorithm is unit-testable with fake servers.
 */
package bascule.lb;
