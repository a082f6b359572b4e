package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.config.TargetVersion;

/** The {@code error} target: every bio, discards included, fails with an I/O error. Takes any arguments. */
public final class ErrorTarget implements Target
{
    /**
     * Version 1.7.0, today's mainline {@code error_target} ({@code dm-target.c}). dm core's own
     * targets are not versioned per preset in this model: every preset reports today's.
     */
    public static final TargetType TYPE = TargetType.of("error", TargetVersion.of(1, 7, 0), ErrorTarget::construct);

    private ErrorTarget()
    {
    }

    private static Target construct(final DmTarget ti, final String[] args)
    {
        ti.numDiscardBios(1);
        return new ErrorTarget();
    }

    @Override
    public int map(final Bio bio)
    {
        return DmMapResult.KILL;
    }

    @Override
    public void destroy()
    {
        // no state
    }
}
