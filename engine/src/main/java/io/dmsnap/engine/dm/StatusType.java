package io.dmsnap.engine.dm;

/** Which status a target reports ({@code STATUSTYPE_INFO} / {@code STATUSTYPE_TABLE} / {@code STATUSTYPE_IMA}). */
public enum StatusType
{
    /** Run-time state: what {@code dmsetup status} prints. */
    INFO,
    /** The constructor arguments as the target understood them: what {@code dmsetup table} prints. */
    TABLE,
    /**
     * The measurement the kernel hands to IMA (8ec45662): {@code key=value} pairs separated by
     * commas, starting with {@code target_name=<type>,target_version=<x.y.z>} and ending with
     * {@code ';'}; empty for a target that measures nothing.
     */
    IMA;

    /** {@code target_name=<name>,target_version=<version>}: the start of every IMA line ({@code DMEMIT_TARGET_NAME_VERSION}). */
    public static String imaNameVersion(final TargetType type)
    {
        return "target_name=" + type.name() + ",target_version=" + type.version();
    }
}
