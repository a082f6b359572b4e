package io.dmsnap.stress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The registry of every scenario, by spec ID. */
public final class Scenarios
{
    private Scenarios()
    {
    }

    /** Every scenario of every catalog, sorted by the number in its ID (S01, S02, ..., S42). */
    public static List<Scenario> all()
    {
        final List<Scenario> list = new ArrayList<>();
        for (final ScenarioCatalog c : ServiceLoader.load(ScenarioCatalog.class))
        {
            list.addAll(c.scenarios());
        }
        list.sort(Comparator.comparingInt(s -> number(s.id())));
        return list;
    }

    /** The scenario with {@code id} (case-insensitive, "s6" and "S06" both work); throws listing the valid IDs. */
    public static Scenario byId(final String id)
    {
        final String want = id.trim().toUpperCase(Locale.ROOT);
        for (final Scenario s : all())
        {
            if (s.id().equals(want) || (want.startsWith("S") && number(want) == number(s.id())))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; valid scenarios: "
            + all().stream().map(Scenario::id).collect(Collectors.joining(", ")));
    }

    private static int number(final String id)
    {
        try
        {
            return Integer.parseInt(id.replaceAll("[^0-9]", ""));
        }
        catch (final NumberFormatException e)
        {
            return Integer.MAX_VALUE;
        }
    }
}
