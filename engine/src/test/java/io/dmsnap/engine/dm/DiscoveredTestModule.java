package io.dmsnap.engine.dm;

import io.dmsnap.engine.config.TargetVersion;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target module found through {@code META-INF/services} in the test resources: registers the
 * type {@value #TYPE_NAME} (a zero target under another name) and counts its registrations in a
 * per-instance module state.
 */
public final class DiscoveredTestModule implements TargetModule
{
    static final String TYPE_NAME = "dmtest-discovered";

    /** Per-DeviceMapper state of this module. */
    static final class State
    {
        final AtomicInteger registrations = new AtomicInteger();
        final DeviceMapper owner;

        State(final DeviceMapper owner)
        {
            this.owner = owner;
        }
    }

    @Override
    public void register(final DeviceMapper dm)
    {
        dm.moduleState(State.class, State::new).registrations.incrementAndGet();
        dm.registerTargetType(TargetType.of(TYPE_NAME, TargetVersion.of(0, 1, 0), (ti, args) -> ZeroTarget.TYPE.construct(ti, args)));
    }
}
