package bascule.check;

import bascule.model.ProxySpec;

/**
 * Reads a requested weight or maxconn the way HAProxy does for both its agents and its runtime API
 * ({@code server_parse_weight_change_request()}, {@code server_parse_maxconn_change_request()}), so both paths
 * accept and refuse the same texts with the same messages.
 */
public final class ChangeRequests {
    /** A parsed value, or HAProxy's error text (which may or may not end with a line feed). */
    public record Change(int value, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private ChangeRequests() {
    }

    /** {@code N} (0-256) or {@code N%} of the configured weight; static algorithms take only 0% and 100%. */
    public static Change weight(String text, int configuredWeight, ProxySpec backend) {
        AgentReply.WeightChange w = AgentReply.weightChange(text, configuredWeight, AgentCheck.dynamicWeights(backend));
        return new Change(w.weight(), w.error());
    }

    /** A maxconn; 0 means no limit. */
    public static Change maxconn(String text) {
        AgentReply.MaxconnChange m = AgentReply.maxconnChange(text);
        return new Change(m.maxconn(), m.error());
    }
}
