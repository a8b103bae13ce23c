package bascule.model;

/** Hash functions of {@code hash-type}: sdbm is HAProxy's default. */
public enum HashFunction { SDBM, DJB2, WT6, CRC32 }
