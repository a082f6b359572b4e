package io.dmsnap.cli.serve;

import java.util.Locale;

/** Sizes as users write them: bytes, or a number with a binary suffix k, m, g or t (case-insensitive, optional "iB"). */
final class ByteSize
{
    private ByteSize()
    {
    }

    /**
     * Bytes; must be positive and a whole number of 512-byte sectors.
     *
     * @param what names the value in the error, e.g. "--size" or "memory:SIZE"
     */
    static long parse(final String text, final String what)
    {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ib"))
        {
            t = t.substring(0, t.length() - 2);
        }
        int shift = 0;
        if (!t.isEmpty())
        {
            final int unit = "kmgt".indexOf(t.charAt(t.length() - 1));
            if (unit >= 0)
            {
                shift = 10 * (unit + 1);
                t = t.substring(0, t.length() - 1);
            }
        }
        final long value;
        try
        {
            value = Long.parseLong(t);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(what + ": '" + text
                + "' is not a size: give bytes or a number with k, m, g or t (e.g. 64m)");
        }
        if (value <= 0 || value > Long.MAX_VALUE >>> shift)
        {
            throw new IllegalArgumentException(what + ": '" + text + "' must be positive and below 8 EiB");
        }
        final long bytes = value << shift;
        if ((bytes & 511) != 0)
        {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a multiple of 512 bytes");
        }
        return bytes;
    }
}
