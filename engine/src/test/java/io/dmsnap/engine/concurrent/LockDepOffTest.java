package io.dmsnap.engine.concurrent;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The off switch costs nothing: the switch is a {@code static final} constant (folded by the JIT),
 * and each hook's bytecode is the test of that constant followed by the call, small enough to be
 * inlined at every call site (HotSpot inlines any method under 35 bytes, {@code MaxInlineSize}).
 * Read from the class file with {@code javap}, not timed.
 */
class LockDepOffTest
{
    /** HotSpot's MaxInlineSize: methods smaller than this are always inlined. */
    private static final int MAX_INLINE_SIZE = 35;

    @Test
    void switchIsAStaticFinalConstant() throws NoSuchFieldException
    {
        final Field f = LockDep.class.getField("ENABLED");
        assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()));
        assertEquals(boolean.class, f.getType());
    }

    @Test
    void eachHookIsTheTestOfTheSwitchThenTheCall() throws URISyntaxException
    {
        final String code = javap(LockDep.class);
        for (final String hook : List.of("acquire", "release"))
        {
            final List<String> body = bodyOf(code, "public static void " + hook
                + "(io.dmsnap.engine.concurrent.LockClass);");
            assertTrue(body.get(0).contains("getstatic") && body.get(0).contains("ENABLED"),
                hook + " starts by reading the switch: " + body);
            assertTrue(body.get(1).contains("ifeq"), hook + " branches on it: " + body);
            final String last = body.get(body.size() - 1);
            final int lastOffset = Integer.parseInt(last.trim().split(":")[0]);
            assertTrue(lastOffset + 1 < MAX_INLINE_SIZE, hook + " is " + (lastOffset + 1) + " bytes: " + body);
            final String target = body.get(1).replaceAll(".*ifeq\\s+", "").trim();
            assertTrue(last.trim().startsWith(target + ": return"), "when off, " + hook + " jumps to its return: " + body);
        }
    }

    private static String javap(final Class<?> type) throws URISyntaxException
    {
        final ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        final Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        final StringWriter out = new StringWriter();
        final int rc = javap.run(new PrintWriter(out), new PrintWriter(out), "-c", "-cp", classes.toString(),
            type.getName());
        assertEquals(0, rc, out.toString());
        return out.toString();
    }

    /** The instruction lines of one method in javap -c output. */
    private static List<String> bodyOf(final String javap, final String signature)
    {
        final List<String> lines = javap.lines().toList();
        final int at = lines.indexOf("  " + signature);
        assertTrue(at >= 0, "no " + signature + " in\n" + javap);
        final List<String> body = new ArrayList<>();
        for (int i = at + 2; i < lines.size() && lines.get(i).matches("\\s+\\d+: .*"); i++)
        {
            body.add(lines.get(i));
        }
        return body;
    }
}
