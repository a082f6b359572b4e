package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.TargetVersions;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.TargetModule;
import io.dmsnap.engine.dm.TargetType;

/**
 * The dm-snapshot module: registers the {@code snapshot-origin}, {@code snapshot} and
 * {@code snapshot-merge} target types with a {@link DeviceMapper} (found through {@link java.util.ServiceLoader}, the way the
 * kernel loads a target module on first use). Module-wide state lives in {@link Origins}.
 * Each type reports the version the configuration's kernel has ({@link TargetVersions}).
 */
public final class SnapshotModule implements TargetModule
{
    public static final String ORIGIN = "snapshot-origin";
    public static final String SNAPSHOT = "snapshot";
    public static final String MERGE = "snapshot-merge";

    @Override
    public void register(final DeviceMapper dm)
    {
        final TargetVersions versions = TargetVersions.of(dm.config());
        dm.registerTargetType(TargetType.of(ORIGIN, versions.origin(),
            (ti, args) -> new OriginTarget(Origins.of(dm), ti, args)));
        dm.registerTargetType(TargetType.of(SNAPSHOT, versions.snapshot(),
            (ti, args) -> new SnapshotConstructor(Origins.of(dm), ti, false).construct(args)));
        dm.registerTargetType(TargetType.of(MERGE, versions.merge(),
            (ti, args) -> new MergeTarget(new SnapshotConstructor(Origins.of(dm), ti, true).construct(args))));
    }
}
