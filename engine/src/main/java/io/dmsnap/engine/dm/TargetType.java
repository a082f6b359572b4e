package io.dmsnap.engine.dm;

import io.dmsnap.engine.config.TargetVersion;

/**
 * A kind of target ({@code struct target_type}): a name that table lines use and the constructor
 * of its instances. Registered per {@link DeviceMapper} with {@link DeviceMapper#registerTargetType}.
 */
public interface TargetType
{
    /** The name in the third column of a table line, e.g. {@code "linear"}. */
    String name();

    /**
     * The version this type reports ({@code target_type.version}), as {@code dmsetup targets}
     * and {@link DeviceMapper#versions()} list it. Constant for the life of the type.
     */
    TargetVersion version();

    /**
     * Build one instance for one table line (the {@code ctr}). The constructor may set the
     * target's {@link DmTarget#maxIoLen}, {@link DmTarget#numFlushBios} and
     * {@link DmTarget#numDiscardBios}, and opens devices with {@link DmTarget#getDevice}.
     * Called on the thread loading the table, never concurrently with I/O to the new target.
     *
     * @param ti   the table slot being filled: range, device, device-mapper instance
     * @param args the arguments after the target name, already split at white space
     * @throws DmException with the target's error string, e.g. {@code "origin: incorrect number of arguments"}
     */
    Target construct(DmTarget ti, String[] args) throws DmException;

    /** A type from a name, its version and a constructor function, for types that need no state of their own. */
    static TargetType of(final String name, final TargetVersion version, final Constructor constructor)
    {
        return new NamedTargetType(name, version, constructor);
    }

    /** The constructor half of a {@link TargetType}, as a function. */
    @FunctionalInterface
    interface Constructor
    {
        Target construct(DmTarget ti, String[] args) throws DmException;
    }
}
