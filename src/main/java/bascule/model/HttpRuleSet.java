package bascule.model;

import java.util.List;

/**
 * A proxy's HTTP rules in the order written, per phase: {@code http-request}, then the {@code redirect}
 * lines (which HAProxy evaluates after the http-request rules), {@code http-response} and
 * {@code http-after-response}.
 */
public record HttpRuleSet(List<HttpRule> request, List<HttpRule> redirects, List<HttpRule> response,
                          List<HttpRule> afterResponse) {
    public static final HttpRuleSet EMPTY = new HttpRuleSet(List.of(), List.of(), List.of(), List.of());

    public HttpRuleSet {
        request = List.copyOf(request);
        redirects = List.copyOf(redirects);
        response = List.copyOf(response);
        afterResponse = List.copyOf(afterResponse);
    }
}
