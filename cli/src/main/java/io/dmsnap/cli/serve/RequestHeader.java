package io.dmsnap.cli.serve;

/**
 * One transmission request header as read off the wire: a mutable holder a connection reuses for
 * every request (no allocation per request). Owned by the connection's reader thread.
 */
final class RequestHeader
{
    int flags;
    int type;
    long handle;
    /** Unsigned on the wire: a negative value is an offset of 2^63 or more. */
    long offset;
    /** Unsigned on the wire: read with {@link Integer#toUnsignedLong}. */
    int length;

    long lengthUnsigned()
    {
        return Integer.toUnsignedLong(length);
    }

    @Override
    public String toString()
    {
        return NbdProtocol.commandName(type) + " flags=0x" + Integer.toHexString(flags) + " offset=" + offset
            + " length=" + lengthUnsigned();
    }
}
