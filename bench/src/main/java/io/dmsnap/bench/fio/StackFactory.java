package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.config.EngineConfig;

import java.util.Objects;

/**
 * Builds the {@link TargetStack} of a run from the command's options. This is the seam where the
 * origin + snapshot stack plugs in: {@link RawStackFactory} builds the bare device only, and
 * refuses {@code origin} and {@code snapshot} until a factory for them is registered in
 * {@link FioCommand}.
 */
@FunctionalInterface
public interface StackFactory
{
    /** What the command line asked for. */
    final class Spec
    {
        public final String target;
        public final long originBytes;
        public final int chunkSectors;
        public final String store;
        public final String device;
        public final String devicePath;
        public final long completionNsec;
        public final EngineConfig config;
        /** Timing of the origin's data device (the raw device for {@code raw}); {@link DeviceProfile#NULL} for none. */
        public final DeviceProfile originProfile;
        /** Timing of the snapshot's COW device; {@link DeviceProfile#NULL} for none. */
        public final DeviceProfile cowProfile;

        /** A spec with devices that cost nothing ({@link DeviceProfile#NULL} on both). */
        public Spec(final String target, final long originBytes, final int chunkSectors, final String store,
                    final String device, final String devicePath, final long completionNsec, final EngineConfig config)
        {
            this(target, originBytes, chunkSectors, store, device, devicePath, completionNsec, config, DeviceProfile.NULL,
                DeviceProfile.NULL);
        }

        public Spec(final String target, final long originBytes, final int chunkSectors, final String store,
                    final String device, final String devicePath, final long completionNsec, final EngineConfig config,
                    final DeviceProfile originProfile, final DeviceProfile cowProfile)
        {
            this.target = target;
            this.originBytes = originBytes;
            this.chunkSectors = chunkSectors;
            this.store = store;
            this.device = device;
            this.devicePath = devicePath;
            this.completionNsec = completionNsec;
            this.config = config;
            this.originProfile = Objects.requireNonNull(originProfile, "originProfile");
            this.cowProfile = Objects.requireNonNull(cowProfile, "cowProfile");
        }
    }

    /**
     * @throws IllegalArgumentException when the spec cannot be built (an unsupported target, a bad size)
     * @throws java.io.UncheckedIOException when a backing file cannot be opened
     */
    TargetStack build(Spec spec);
}
