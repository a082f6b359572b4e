package io.dmsnap.cli.serve;

/**
 * What one connection was told about its export at the handshake: size, transmission flags and
 * block size constraints. Immutable; requests are checked against it ({@link RequestParser}), so a
 * client is held to what it was promised even if the device's table changes later.
 */
final class ExportGeometry
{
    private final long sizeBytes;
    private final int transmissionFlags;
    private final int minimumBlock;
    private final int preferredBlock;
    private final int maximumPayload;

    ExportGeometry(final long sizeBytes, final int transmissionFlags, final int minimumBlock, final int preferredBlock,
                   final int maximumPayload)
    {
        if (sizeBytes < 0 || Integer.bitCount(minimumBlock) != 1 || preferredBlock < minimumBlock
            || maximumPayload < preferredBlock || maximumPayload % minimumBlock != 0)
        {
            throw new IllegalArgumentException("inconsistent export geometry: size " + sizeBytes + ", blocks "
                + minimumBlock + "/" + preferredBlock + "/" + maximumPayload);
        }
        this.sizeBytes = sizeBytes;
        this.transmissionFlags = transmissionFlags | NbdProtocol.TFLAG_HAS_FLAGS;
        this.minimumBlock = minimumBlock;
        this.preferredBlock = preferredBlock;
        this.maximumPayload = maximumPayload;
    }

    long sizeBytes()
    {
        return sizeBytes;
    }

    int transmissionFlags()
    {
        return transmissionFlags;
    }

    boolean has(final int flag)
    {
        return (transmissionFlags & flag) != 0;
    }

    int minimumBlock()
    {
        return minimumBlock;
    }

    int preferredBlock()
    {
        return preferredBlock;
    }

    int maximumPayload()
    {
        return maximumPayload;
    }
}
