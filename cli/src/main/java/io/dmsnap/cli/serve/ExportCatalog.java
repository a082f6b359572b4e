package io.dmsnap.cli.serve;

import java.util.List;

/** The exports a server offers; asked at every handshake, so devices created later are exported too. */
interface ExportCatalog
{
    /** Export names in listing order; the first is the default export (the empty name). */
    List<String> names();

    /** The export called {@code name} as of now ({@code ""}: the default one), or null when there is none. */
    Export find(String name);
}
