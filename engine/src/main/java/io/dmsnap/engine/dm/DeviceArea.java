package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.BlockDevice;

/**
 * The callout of {@link Target#iterateDevices} ({@code iterate_devices_callout_fn}): one area of
 * one device a target maps onto, in sectors of that device.
 */
@FunctionalInterface
public interface DeviceArea
{
    /**
     * Visit the area {@code [start, start + len)} of {@code dev}.
     *
     * @throws DmException to stop the iteration and fail the caller (a table load)
     */
    void visit(BlockDevice dev, long start, long len) throws DmException;
}
