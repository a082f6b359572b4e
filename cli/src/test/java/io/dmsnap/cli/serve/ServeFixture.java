package io.dmsnap.cli.serve;

import io.dmsnap.engine.config.EngineConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** A running server on unix sockets in a test's temporary directory, with its log kept. */
final class ServeFixture implements AutoCloseable
{
    final Path socket;
    final Path control;
    final ServeSession session;
    final StringWriter log = new StringWriter();

    ServeFixture(final Path dir, final String table) throws IOException
    {
        socket = dir.resolve("nbd.sock");
        control = dir.resolve("control.sock");
        session = ServeSession.start(EngineConfig.current(), TableFile.parse(table, "test table"), socket, null,
            control, new ServeLog(new PrintWriter(log), true));
    }

    /** The demo's devices: origin, snapshot (P store, 4 KiB chunks, a COW twice the origin), raw; {@code mib} MiB each. */
    static ServeFixture demo(final Path dir, final int mib) throws IOException
    {
        return new ServeFixture(dir, demoTable(mib));
    }

    static String demoTable(final int mib)
    {
        final long sectors = (long) mib << 11;
        return "origin\n0 " + sectors + " snapshot-origin base=memory:" + mib + "m\n"
            + "snapshot\n0 " + sectors + " snapshot base cow=memory:" + 2 * mib + "m P 8\n"
            + "raw\n0 " + sectors + " linear raw-data=memory:" + mib + "m 0\n";
    }

    String uri(final String export)
    {
        return "nbd+unix:///" + export + "?socket=" + socket;
    }

    @Override
    public void close()
    {
        session.close();
    }
}
