package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.MemoryDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableLoadTest
{
    private DeviceMapper dm;
    private ProbeType probe;

    @BeforeEach
    void setUp() throws DmException
    {
        dm = new DeviceMapper();
        probe = new ProbeType();
        dm.registerTargetType(probe);
        dm.addDevice(new MemoryDevice("base", 64));
        dm.create("dev");
    }

    private String loadError(final String table)
    {
        return assertThrows(DmException.class, () -> dm.load("dev", table)).getMessage();
    }

    @Test
    void syntaxErrorsAreNamed()
    {
        assertEquals("no targets specified", loadError(""));
        assertEquals("no targets specified", loadError("# only a comment\n\n"));
        assertEquals("line 1: invalid start sector 'x'", loadError("x 8 zero"));
        assertEquals("line 1: invalid length '-8'", loadError("0 -8 zero"));
        assertEquals("line 1: zero: zero-length target", loadError("0 0 zero"));
        assertEquals("line 1: expected '<start> <length> <target> [<args>...]', got '0 8'", loadError("0 8"));
        assertEquals("line 2: zero: Gap in table: target starts at 10, expected 8", loadError("0 8 zero\n10 8 zero"));
        assertEquals("line 1: zero: Gap in table: target starts at 1, expected 0", loadError("1 8 zero"));
    }

    @Test
    void unknownTargetType()
    {
        final DmException e = assertThrows(DmException.class, () -> dm.load("dev", "0 8 nosuch a b"));
        assertEquals("nosuch: unknown target type", e.getMessage());
        assertEquals("unknown target type", e.targetError());
    }

    @Test
    void constructorErrorsCarryTypeAndTargetString()
    {
        DmException e = assertThrows(DmException.class, () -> dm.load("dev", "0 8 linear base"));
        assertEquals("linear: Invalid argument count", e.getMessage());
        assertEquals("Invalid argument count", e.targetError());
        e = assertThrows(DmException.class, () -> dm.load("dev", "0 8 linear missing 0"));
        assertEquals("linear: Device lookup failed", e.getMessage());
        e = assertThrows(DmException.class, () -> dm.load("dev", "0 8 linear base x"));
        assertEquals("linear: Invalid device sector", e.getMessage());
        e = assertThrows(DmException.class, () -> dm.load("dev", "0 8 zero extra"));
        assertEquals("zero: No arguments required", e.getMessage());
        assertTrue(dm.log().contains("dev: zero: No arguments required"));
    }

    @Test
    void commentsAndBlankLinesAreIgnored() throws DmException
    {
        dm.load("dev", "# header\n0 8 linear base 0\n\n   # indented comment\n8 16 zero\r\n");
        dm.resume("dev");
        assertEquals("0 8 linear base 0\n8 16 zero ", dm.status("dev", StatusType.TABLE));
        assertEquals(24, dm.mappedDevice("dev").sizeSectors());
    }

    @Test
    void failedLoadDestroysBuiltTargetsAndKeepsTheOldTables() throws DmException
    {
        dm.load("dev", "0 8 probe live dev=base");
        dm.resume("dev");
        dm.load("dev", "0 8 probe staged");
        probe.clear();
        probe.failConstructor.add("bad");
        final DmException e = assertThrows(DmException.class,
            () -> dm.load("dev", "0 4 probe first dev=base\n4 4 probe bad dev=base"));
        assertEquals("probe: probe bad refused", e.getMessage());
        assertEquals(List.of("ctr first", "dtr first"), probe.events());
        // only the live table still holds base open: the failed slots released theirs
        assertEquals(1, dm.openCount("base"));
        assertEquals("0 8 probe live", dm.status("dev", StatusType.TABLE));
        dm.resume("dev");
        assertEquals("0 8 probe staged", dm.status("dev", StatusType.TABLE));
    }

    @Test
    void loadReplacesAnEarlierInactiveTable() throws DmException
    {
        dm.load("dev", "0 8 probe one");
        dm.load("dev", "0 8 probe two");
        assertEquals(List.of("ctr one", "ctr two", "dtr one"), probe.events());
        dm.clear("dev");
        assertEquals("dtr two", probe.events().get(3));
        assertTrue(dm.info("dev").contains("Tables present: None"));
    }

    @Test
    void createWithTableAndNames() throws DmException
    {
        dm.create("b", "0 8 zero");
        dm.create("a", "0 8 error");
        assertEquals(List.of("a", "b", "dev"), dm.names());
        assertThrows(DmException.class, () -> dm.create("a"));
        assertThrows(DmException.class, () -> dm.create("base"));
        assertThrows(DmException.class, () -> dm.create("bad name"));
        assertThrows(DmException.class, () -> dm.addDevice(new MemoryDevice("a", 8)));
        // a failed create leaves no device behind
        assertThrows(DmException.class, () -> dm.create("c", "0 8 linear nowhere 0"));
        assertFalse(dm.names().contains("c"));
        assertThrows(DmException.class, () -> dm.load("nosuch", "0 8 zero"));
    }

    @Test
    void messagesGoToTheTargetAtTheSector() throws DmException
    {
        dm.load("dev", "0 8 probe p1\n8 8 probe p2\n16 8 zero");
        dm.resume("dev");
        assertEquals("p2 got hello world", dm.message("dev", 9, "hello", "world"));
        assertEquals("p1 got x", dm.message("dev", 0, "x"));
        assertEquals("Target message sector outside device.",
            assertThrows(DmException.class, () -> dm.message("dev", 24, "x")).getMessage());
        assertEquals("Target does not support messages",
            assertThrows(DmException.class, () -> dm.message("dev", 16, "x")).getMessage());
    }
}
