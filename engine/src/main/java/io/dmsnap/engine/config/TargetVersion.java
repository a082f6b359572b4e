package io.dmsnap.engine.config;

/**
 * The version a kernel target type reports ({@code struct target_type.version}: major, minor,
 * patch), as {@code dmsetup targets} prints it after a {@code v} and as {@code DM_LIST_VERSIONS}
 * returns it. Userspace compares it to decide which fixes and features a kernel has: lvm2, for
 * one, assumes the 230c83af space-leak fix only from snapshot 1.12.0 (or the 1.10.2 backport) on.
 */
public record TargetVersion(int major, int minor, int patch) implements Comparable<TargetVersion>
{
    public TargetVersion
    {
        if (major < 0 || minor < 0 || patch < 0)
        {
            throw new IllegalArgumentException("target version parts must be >= 0, got " + major + "." + minor + "." + patch);
        }
    }

    public static TargetVersion of(final int major, final int minor, final int patch)
    {
        return new TargetVersion(major, minor, patch);
    }

    /** Whether this version is {@code other} or later. */
    public boolean atLeast(final TargetVersion other)
    {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(final TargetVersion o)
    {
        if (major != o.major)
        {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor)
        {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    /** {@code major.minor.patch}, the form {@code DMEMIT_TARGET_NAME_VERSION} writes. */
    @Override
    public String toString()
    {
        return major + "." + minor + "." + patch;
    }
}
