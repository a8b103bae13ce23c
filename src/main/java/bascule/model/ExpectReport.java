package bascule.model;

/**
 * How an {@code expect} step reports itself: the check statuses it gives on success ({@code ok-status}),
 * on failure ({@code error-status}) and on timeout ({@code tout-status}) as HAProxy's short codes
 * ("L7OK", "L7RSP", ...; null = the default for the step), and fixed {@code on-success}/{@code on-error}
 * texts (null = HAProxy's own wording).
 */
public record ExpectReport(String okStatus, String errorStatus, String timeoutStatus, String onSuccess,
                           String onError) {
    public static final ExpectReport DEFAULT = new ExpectReport(null, null, null, null, null);
}
