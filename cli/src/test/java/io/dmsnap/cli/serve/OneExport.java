package io.dmsnap.cli.serve;

import java.util.List;

/** A catalog of one export, also the default one: for tests that serve a device of their own. */
final class OneExport implements ExportCatalog
{
    private final Export export;

    OneExport(final Export export)
    {
        this.export = export;
    }

    @Override
    public List<String> names()
    {
        return List.of(export.name());
    }

    @Override
    public Export find(final String name)
    {
        return name.isEmpty() || name.equals(export.name()) ? export : null;
    }
}
