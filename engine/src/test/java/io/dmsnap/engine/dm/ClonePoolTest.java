package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClonePoolTest
{
    @Test
    void steadyLoopAllocatesNoClones() throws DmException
    {
        final DeviceMapper dm = new DeviceMapper();
        final ProbeType probe = new ProbeType().quiet();
        dm.registerTargetType(probe);
        dm.addDevice(new MemoryDevice("base", 64));
        final MappedDevice md = dm.create("d", "0 16 probe a maxio=4 dev=base\n16 16 linear base 16");
        final AtomicInteger done = new AtomicInteger();
        final Bio bio = new Bio();
        final ByteBuffer buf = ByteBuffer.allocateDirect(12 * Bio.SECTOR_SIZE);
        for (int i = 0; i < 100; i++)
        {
            md.submit(bio.init(BioOp.WRITE, 10, 12, buf, 0, (b, s) -> done.incrementAndGet(), null));
        }
        final long warm = md.clonesAllocated();
        assertTrue(warm > 0 && warm <= 4, "one bio needs at most 4 clones at a time, allocated " + warm);
        for (int i = 0; i < 10_000; i++)
        {
            bio.init(i % 2 == 0 ? BioOp.WRITE : BioOp.READ, 10, 12, buf, 0, (b, s) -> done.incrementAndGet(), null);
            md.submit(bio);
            assertEquals(BlkStatus.OK, bio.status());
        }
        assertEquals(warm, md.clonesAllocated());
        assertEquals(10_100, done.get());
        assertEquals(0, md.inFlight());
    }

    @Test
    void poolGrowsWithTheNumberOfClonesInFlight()
    {
        final ClonePool pool = new ClonePool();
        final Bio a = pool.acquire();
        final Bio b = pool.acquire();
        assertEquals(2, pool.allocated());
        pool.release(a);
        pool.release(b);
        final Bio c = pool.acquire();
        final Bio d = pool.acquire();
        assertTrue((c == a && d == b) || (c == b && d == a));
        assertEquals(2, pool.allocated());
        pool.acquire();
        assertEquals(3, pool.allocated());
    }
}
