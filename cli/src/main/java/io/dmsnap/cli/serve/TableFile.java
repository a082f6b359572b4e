package io.dmsnap.cli.serve;

import java.util.ArrayList;
import java.util.List;

/**
 * A serve table file: the tables of several mapped devices in {@code dmsetup}'s syntax, each
 * device a block of a name line followed by its table lines
 * ({@code <start> <length> <target> [<args>...]}). Blank lines and lines starting with {@code #}
 * are ignored. Devices are created in file order, so a snapshot's block follows its origin's.
 *
 * <pre>
 * origin
 * 0 2097152 snapshot-origin base=memory:1g
 * snap
 * 0 2097152 snapshot base cow=/var/lib/images/snap.cow P 8
 * </pre>
 */
final class TableFile
{
    /** One mapped device: its name, its table text and the line its name is on. */
    static final class Device
    {
        final String name;
        final String table;
        final int line;

        Device(final String name, final String table, final int line)
        {
            this.name = name;
            this.table = table;
            this.line = line;
        }
    }

    private TableFile()
    {
    }

    /**
     * The devices of {@code text}, in order. {@code source} names the file in errors.
     *
     * @throws IllegalArgumentException naming the line: a table line before any name, a name with
     *                                  no table, a name used twice, no device at all
     */
    static List<Device> parse(final String text, final String source)
    {
        final List<Device> devices = new ArrayList<>();
        final String[] lines = text.split("\r?\n|\r", -1);
        String name = null;
        int nameLine = 0;
        StringBuilder table = null;
        for (int i = 0; i < lines.length; i++)
        {
            final String t = lines[i].strip();
            if (t.isEmpty() || t.startsWith("#"))
            {
                continue;
            }
            final boolean tableLine = Character.isDigit(t.charAt(0));
            if (!tableLine)
            {
                if (t.split("\\s+").length != 1)
                {
                    throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected a device name alone on"
                        + " its line or a table line '<start> <length> <target> [<args>...]', got '" + t + "'");
                }
                if (name != null)
                {
                    devices.add(finish(name, table, nameLine, source));
                }
                for (final Device d : devices)
                {
                    if (d.name.equals(t))
                    {
                        throw new IllegalArgumentException(source + ":" + (i + 1) + ": device " + t
                            + " is already defined on line " + d.line);
                    }
                }
                name = t;
                nameLine = i + 1;
                table = new StringBuilder();
            }
            else
            {
                if (name == null)
                {
                    throw new IllegalArgumentException(source + ":" + (i + 1)
                        + ": a table line before any device name: start each device with its name on a line of its own");
                }
                table.append(t).append('\n');
            }
        }
        if (name != null)
        {
            devices.add(finish(name, table, nameLine, source));
        }
        if (devices.isEmpty())
        {
            throw new IllegalArgumentException(source + ": no devices: give a device name line followed by its table lines");
        }
        return devices;
    }

    private static Device finish(final String name, final StringBuilder table, final int line, final String source)
    {
        if (table.length() == 0)
        {
            throw new IllegalArgumentException(source + ":" + line + ": device " + name + " has no table lines");
        }
        return new Device(name, table.toString(), line);
    }
}
