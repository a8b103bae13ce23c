package bascule.sample;

/** One compiled ACL line: a sample expression, match method and patterns. */
public interface AclTerm {
    boolean matches(SampleContext context);
}
