package io.dmsnap.engine.config;

import java.util.EnumMap;
import java.util.Map;

/**
 * The versions of dm-snapshot's three target types in the kernel each {@link Preset} stands for,
 * as that kernel reports them ({@code dmsetup targets}, {@code DM_LIST_VERSIONS}). Kept next to
 * the presets because a version names a kernel, not a switch: a configuration with overrides
 * still reports the versions of the preset it started from.
 *
 * <p>{@code snapshot-merge} reports the version of the preset's kernel like the other two.
 *
 * <p>Where each number comes from (all from the {@code target_type} tables of
 * {@code drivers/md/dm-snap.c}):
 * <ul>
 *   <li>{@code current}: origin 1.9.0, snapshot 1.16.0, merge 1.5.0, unchanged in mainline since
 *       2e602385 (5.3, optional discard features) raised snapshot 1.15.0 to 1.16.0 and merge
 *       1.4.0 to 1.5.0.</li>
 *   <li>{@code experimental}: current's three; it is today's kernel with ideas of the engine's
 *       own, which change no interface.</li>
 *   <li>{@code v5.2}: 1.9.0, 1.15.0, 1.4.0: the values 2e602385 replaced (its posted diff); 5.2's
 *       own changes to the file (65fc7c37, 4ad8d880, f79ae415, 3f1637f2) left them alone.</li>
 *   <li>{@code v5.0}: the same three: 721b1d98 (5.0, COW throttle) is the change that raised
 *       snapshot to 1.15.0 and merge to 1.4.0; the 4.x stable kernels that took 721b1d98 as a
 *       backport report exactly these versions.</li>
 *   <li>{@code v4.18}: 1.9.0, 1.14.0, 1.3.0: the versions before 721b1d98's bump. The origin has
 *       been 1.9.0 since 599cdf3b and 298eaa89 (3.15) gave it its own structure and stopped
 *       splitting reads.</li>
 *   <li>{@code v3.12}: 1.8.1, 1.11.1, 1.2.0: 230c83af (3.13) raised snapshot 1.11.1 to 1.12.0 so
 *       that userspace could see the leak fix (its diff and its note to stable maintainers);
 *       it changed neither the origin (1.8.1) nor the merge target (1.2.0), the versions 3.10
 *       stable kernels carrying that backport report.</li>
 * </ul>
 */
public final class TargetVersions
{
    public static final String ORIGIN = "snapshot-origin";
    public static final String SNAPSHOT = "snapshot";
    public static final String MERGE = "snapshot-merge";

    /** The snapshot version from which lvm2 assumes the 230c83af leak fix (its 1.10.2 backport aside). */
    public static final TargetVersion LEAK_FIX = TargetVersion.of(1, 12, 0);
    /** The stable backport of 230c83af to kernels whose snapshot target was 1.10.0 or 1.10.1. */
    public static final TargetVersion LEAK_FIX_BACKPORT = TargetVersion.of(1, 10, 2);

    private static final Map<Preset, TargetVersions> BY_PRESET = new EnumMap<>(Preset.class);

    static
    {
        BY_PRESET.put(Preset.V3_12, new TargetVersions(TargetVersion.of(1, 8, 1), TargetVersion.of(1, 11, 1),
            TargetVersion.of(1, 2, 0)));
        BY_PRESET.put(Preset.V4_18, new TargetVersions(TargetVersion.of(1, 9, 0), TargetVersion.of(1, 14, 0),
            TargetVersion.of(1, 3, 0)));
        BY_PRESET.put(Preset.V5_0, new TargetVersions(TargetVersion.of(1, 9, 0), TargetVersion.of(1, 15, 0),
            TargetVersion.of(1, 4, 0)));
        BY_PRESET.put(Preset.V5_2, new TargetVersions(TargetVersion.of(1, 9, 0), TargetVersion.of(1, 15, 0),
            TargetVersion.of(1, 4, 0)));
        BY_PRESET.put(Preset.CURRENT, new TargetVersions(TargetVersion.of(1, 9, 0), TargetVersion.of(1, 16, 0),
            TargetVersion.of(1, 5, 0)));
        // Not a kernel: today's design with the engine's own ideas; userspace sees today's targets.
        BY_PRESET.put(Preset.EXPERIMENTAL, BY_PRESET.get(Preset.CURRENT));
    }

    private final TargetVersion origin;
    private final TargetVersion snapshot;
    private final TargetVersion merge;

    private TargetVersions(final TargetVersion origin, final TargetVersion snapshot, final TargetVersion merge)
    {
        this.origin = origin;
        this.snapshot = snapshot;
        this.merge = merge;
    }

    /** The versions of the kernel {@code preset} stands for. */
    public static TargetVersions of(final Preset preset)
    {
        final TargetVersions v = BY_PRESET.get(preset);
        if (v == null)
        {
            throw new IllegalStateException("no target versions for preset " + preset.displayName());
        }
        return v;
    }

    /**
     * The versions for a configuration: those of the preset its {@link EngineConfig#origin()}
     * starts with ({@code "v5.0 + throttle=NONE"} is v5.0's kernel), today's for a configuration
     * built from no preset.
     */
    public static TargetVersions of(final EngineConfig config)
    {
        final String origin = config.origin();
        final int plus = origin.indexOf(" + ");
        final String base = (plus < 0 ? origin : origin.substring(0, plus)).trim();
        for (final Preset p : Preset.values())
        {
            if (p.displayName().equalsIgnoreCase(base))
            {
                return of(p);
            }
        }
        return of(Preset.CURRENT);
    }

    public TargetVersion origin()
    {
        return origin;
    }

    public TargetVersion snapshot()
    {
        return snapshot;
    }

    /** The kernel's {@code snapshot-merge} version. */
    public TargetVersion merge()
    {
        return merge;
    }

    /** The version of one of the three types by its target name; throws naming the valid names. */
    public TargetVersion byName(final String targetName)
    {
        return switch (targetName)
        {
            case ORIGIN -> origin;
            case SNAPSHOT -> snapshot;
            case MERGE -> merge;
            default -> throw new IllegalArgumentException("not a dm-snapshot target: '" + targetName
                + "'; valid names: " + ORIGIN + ", " + SNAPSHOT + ", " + MERGE);
        };
    }

    /**
     * Whether lvm2 would take the 230c83af space-leak fix as present, judging by the snapshot
     * target's version alone (its {@code _snap_target_present}): 1.12.0 or later, or the 1.10.2
     * backport.
     */
    public boolean reportsLeakFix()
    {
        return snapshot.atLeast(LEAK_FIX) || snapshot.equals(LEAK_FIX_BACKPORT);
    }
}
