package bascule.model;

/** {@code mode tcp|http}. */
public enum Mode { TCP, HTTP }
