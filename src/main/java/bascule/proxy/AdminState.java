package bascule.proxy;

/** Operator-set server state, as the runtime API names it: READY takes traffic, DRAIN only persistent, MAINT none. */
public enum AdminState { READY, DRAIN, MAINT }
