/**
 * The sample engine: fetches, converters, ACL pattern matching and conditions, compiled once at load
 * time into immutable objects that read a {@link bascule.sample.SampleContext}. Plain Java: depends on
 * nothing but the JDK (no Netty, no config or model classes), so it is unit-testable without sockets.
 */
package bascule.sample;
