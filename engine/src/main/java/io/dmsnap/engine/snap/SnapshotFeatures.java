package io.dmsnap.engine.snap;

import io.dmsnap.engine.dm.DmException;

import java.util.Locale;

/**
 * The optional feature group of a snapshot table line (2e602385, {@code parse_snapshot_features}):
 * {@code [<n> <feature>...]} with n in 0..2 and the features {@code discard_zeroes_cow} and
 * {@code discard_passdown_origin} (which requires the first). Parsed before any device is opened.
 */
record SnapshotFeatures(boolean discardZeroesCow, boolean discardPassdownOrigin)
{
    static final SnapshotFeatures NONE = new SnapshotFeatures(false, false);

    /** Parse the arguments after the first four; surplus arguments after the group are ignored. */
    static SnapshotFeatures parse(final String[] args, final int from) throws DmException
    {
        if (args.length <= from)
        {
            return NONE;
        }
        final int n;
        try
        {
            n = Integer.parseInt(args[from]);
        }
        catch (final NumberFormatException e)
        {
            throw new DmException("Invalid number of feature arguments");
        }
        if (n < 0 || n > 2 || args.length - from - 1 < n)
        {
            throw new DmException("Invalid number of feature arguments");
        }
        boolean zeroes = false;
        boolean passdown = false;
        for (int i = 0; i < n; i++)
        {
            final String f = args[from + 1 + i].toLowerCase(Locale.ROOT);
            if (f.equals("discard_zeroes_cow"))
            {
                zeroes = true;
            }
            else if (f.equals("discard_passdown_origin"))
            {
                passdown = true;
            }
            else
            {
                throw new DmException("Unrecognised feature requested");
            }
        }
        if (passdown && !zeroes)
        {
            throw new DmException("discard_passdown_origin feature depends on discard_zeroes_cow");
        }
        return new SnapshotFeatures(zeroes, passdown);
    }

    /** The TABLE status suffix: " <count> discard_zeroes_cow [discard_passdown_origin]" or "". */
    String status()
    {
        if (!discardZeroesCow && !discardPassdownOrigin)
        {
            return "";
        }
        final int count = (discardZeroesCow ? 1 : 0) + (discardPassdownOrigin ? 1 : 0);
        return " " + count + (discardZeroesCow ? " discard_zeroes_cow" : "")
            + (discardPassdownOrigin ? " discard_passdown_origin" : "");
    }
}
