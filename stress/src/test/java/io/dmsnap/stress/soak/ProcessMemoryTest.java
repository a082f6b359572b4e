package io.dmsnap.stress.soak;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ProcessMemoryTest
{
    @Test
    void thePeakResidentSetIsReadFromTheKernelsStatusText()
    {
        assertEquals(123_456L * 1024, ProcessMemory.peakRssBytes(List.of("Name:\tjava", "VmPeak:\t  999 kB",
            "VmHWM:\t  123456 kB", "VmRSS:\t  100000 kB")));
        assertEquals(-1, ProcessMemory.peakRssBytes(List.of("Name:\tjava", "VmRSS:\t 1 kB")));
        assertEquals(-1, ProcessMemory.peakRssBytes(List.of("VmHWM:\t 12 pages")));
    }

    @Test
    void directBuffersShowInTheDirectCount()
    {
        final long before = ProcessMemory.directBytes();
        final ByteBuffer held = ByteBuffer.allocateDirect(8 << 20);
        assertTrue(ProcessMemory.directBytes() >= before + held.capacity(), () -> before + " -> " + ProcessMemory.directBytes());
    }

    @Test
    void theSummaryReportsTheMemoryPeaks()
    {
        final SoakResult r = new SoakResult(3, 10, 1 << 20, 1, 0, 0, 0, List.of(), false, null, 64L << 20, 512L << 20);
        assertTrue(r.summary().contains("peak direct memory 64.0 MiB, peak RSS 512.0 MiB; no violation"), r::summary);
        final SoakResult unknown = new SoakResult(3, 10, 1 << 20, 1, 0, 0, 0, List.of(), false, null, 0, -1);
        assertTrue(unknown.summary().contains("peak RSS unknown"), unknown::summary);
    }
}
