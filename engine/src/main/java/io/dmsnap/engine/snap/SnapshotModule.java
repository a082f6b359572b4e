package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.TargetVersion;
import io.dmsnap.engine.config.TargetVersions;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.DmTarget;
import io.dmsnap.engine.dm.Target;
import io.dmsnap.engine.dm.TargetModule;
import io.dmsnap.engine.dm.TargetType;

/**
 * The dm-snapshot module: registers the {@code snapshot-origin}, {@code snapshot} and
 * {@code snapshot-merge} target
 * types with a {@link DeviceMapper} (found through {@link java.util.ServiceLoader}, the way the
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
        dm.registerTargetType(new TargetType()
        {
            @Override
            public String name()
            {
                return ORIGIN;
            }

            @Override
            public TargetVersion version()
            {
                return versions.origin();
            }

            @Override
            public Target construct(final DmTarget ti, final String[] args) throws DmException
            {
                return new OriginTarget(Origins.of(dm), ti, args);
            }
        });
        dm.registerTargetType(new TargetType()
        {
            @Override
            public String name()
            {
                return SNAPSHOT;
            }

            @Override
            public TargetVersion version()
            {
                return versions.snapshot();
            }

            @Override
            public Target construct(final DmTarget ti, final String[] args) throws DmException
            {
                return new SnapshotConstructor(Origins.of(dm), ti, false).construct(args);
            }
        });
        dm.registerTargetType(new TargetType()
        {
            @Override
            public String name()
            {
                return MERGE;
            }

            @Override
            public TargetVersion version()
            {
                return versions.merge();
            }

            @Override
            public Target construct(final DmTarget ti, final String[] args) throws DmException
            {
                return new MergeTarget(new SnapshotConstructor(Origins.of(dm), ti, true).construct(args));
            }
        });
    }
}
