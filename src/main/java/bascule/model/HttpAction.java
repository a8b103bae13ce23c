package bascule.model;

/** What an HTTP rule does ({@code set-header}, {@code deny}, {@code redirect}, ...). */
public interface HttpAction {
}
