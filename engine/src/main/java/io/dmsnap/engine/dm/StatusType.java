package io.dmsnap.engine.dm;

/** Which status a target reports ({@code STATUSTYPE_INFO} / {@code STATUSTYPE_TABLE}). */
public enum StatusType
{
    /** Run-time state: what {@code dmsetup status} prints. */
    INFO,
    /** The constructor arguments as the target understood them: what {@code dmsetup table} prints. */
    TABLE
}
