package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.BlockDevice;

/**
 * One export as a connection sees it at its handshake: the device its requests go to, the geometry
 * it was promised, and a description (the device's target types) for NBD_INFO_DESCRIPTION.
 */
final class Export
{
    private final String name;
    private final BlockDevice device;
    private final ExportGeometry geometry;
    private final String description;

    Export(final String name, final BlockDevice device, final ExportGeometry geometry, final String description)
    {
        this.name = name;
        this.device = device;
        this.geometry = geometry;
        this.description = description;
    }

    String name()
    {
        return name;
    }

    BlockDevice device()
    {
        return device;
    }

    ExportGeometry geometry()
    {
        return geometry;
    }

    String description()
    {
        return description;
    }
}
