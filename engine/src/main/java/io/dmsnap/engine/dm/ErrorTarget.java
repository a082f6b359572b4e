package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;

/** The {@code error} target: every bio, discards included, fails with an I/O error. Takes any arguments. */
public final class ErrorTarget implements Target
{
    public static final TargetType TYPE = TargetType.of("error", ErrorTarget::construct);

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
