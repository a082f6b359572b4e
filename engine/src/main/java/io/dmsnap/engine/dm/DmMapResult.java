package io.dmsnap.engine.dm;

/**
 * What {@link Target#map} returns ({@code DM_MAPIO_*}); the values are the kernel's.
 */
public final class DmMapResult
{
    /** The target owns the bio now: it submits it later or completes it itself. */
    public static final int SUBMITTED = 0;
    /** The target set the bio's device (and maybe sector); dm submits it at once. */
    public static final int REMAPPED = 1;
    /**
     * Ask dm to retry the bio later. Retrying only exists during a noflush suspend, which this
     * model does not have, so dm completes such a bio with an I/O error as the kernel does then.
     */
    public static final int REQUEUE = 2;
    /** dm completes the bio with {@code BlkStatus.IOERR}. */
    public static final int KILL = 4;

    private DmMapResult()
    {
    }

    /** Name of a result value, for messages. */
    public static String name(final int result)
    {
        switch (result)
        {
            case SUBMITTED: return "SUBMITTED";
            case REMAPPED: return "REMAPPED";
            case REQUEUE: return "REQUEUE";
            case KILL: return "KILL";
            default: return "unknown map result " + result;
        }
    }
}
