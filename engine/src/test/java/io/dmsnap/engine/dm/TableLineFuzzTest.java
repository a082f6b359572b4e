package io.dmsnap.engine.dm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.lvm.LvmStack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fuzz target: table lines. A fuzzed table (whole, or the arguments of a snapshot or
 * snapshot-origin line over real devices) is loaded into a device mapper holding an origin stack;
 * the load either refuses it with a DmException or creates a device that then serves a read and
 * is removed. Any other exception, a hang, or a failed removal is a finding. Without JAZZER_FUZZ
 * it runs the regression inputs under src/test/resources (docs/fuzzing.md).
 */
final class TableLineFuzzTest
{
    private static final long SECTORS = 2048;
    private static final long BOUND_SECONDS = 20;
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "table-line-fuzz");
        t.setDaemon(true);
        return t;
    });

    /**
     * Input layout: byte 0 modulo 3 chooses the form (the arguments of a snapshot line over "base"
     * and "cow", of a snapshot-origin line, or the whole table); the rest is that text, UTF-8.
     */
    @FuzzTest(maxDuration = "60s")
    void tableLine(final byte[] input) throws Exception
    {
        final int form = input.length == 0 ? 2 : (input[0] & 0xFF) % 3;
        final String rest = input.length == 0 ? "" : new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        final String table;
        switch (form)
        {
            case 0:
                table = "0 " + SECTORS + " snapshot base cow " + rest;
                break;
            case 1:
                table = "0 " + SECTORS + " snapshot-origin " + rest;
                break;
            default:
                table = rest;
                break;
        }
        final Future<?> run = RUNNER.submit(() -> load(table));
        try
        {
            run.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
        catch (final TimeoutException e)
        {
            throw new AssertionError("load, read and removal did not finish in " + BOUND_SECONDS + " s (a hang)");
        }
        catch (final ExecutionException e)
        {
            throw new AssertionError("escaped: " + e.getCause(), e.getCause());
        }
    }

    private static Void load(final String table) throws DmException
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", SECTORS));
        dm.addDevice(new MemoryDevice("cow", SECTORS / 2));
        final MappedDevice device;
        dm.suspend(LvmStack.ORIGIN);
        try
        {
            device = dm.create("t", table);
        }
        catch (final DmException refused)
        {
            if (refused.getMessage() == null || refused.getMessage().isBlank())
            {
                throw new AssertionError("a refusal without a message", refused);
            }
            dm.resume(LvmStack.ORIGIN);
            lvm.removeAll();
            return null;
        }
        dm.resume(LvmStack.ORIGIN);
        SyncIo.read(device, 0, ByteBuffer.allocateDirect(Bio.SECTOR_SIZE));
        lvm.removeAll();
        return null;
    }
}
