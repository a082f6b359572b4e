package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.common.TextTable;
import io.dmsnap.cli.tune.Units;

import java.io.PrintWriter;
import java.util.List;

/**
 * The table on the terminal: the six columns, then per row the machine, what its cores cannot
 * show, what ran and the lines that show the measurement.
 */
final class ReproductionText
{
    private ReproductionText()
    {
    }

    static void print(final PrintWriter out, final Depth depth, final Machine machine, final List<Outcome> outcomes)
    {
        out.println("dmsnap reproduce " + depth.option() + " on " + machine.describe());
        out.println();
        final TextTable table = new TextTable(Outcome.HEADER.size()).row(Outcome.HEADER);
        for (final Outcome o : outcomes)
        {
            table.row(o.cells());
        }
        table.print(out);
        for (final Outcome o : outcomes)
        {
            final Reproduction r = o.reproduction();
            out.println();
            out.println(r.commit() + " (" + r.id() + ", " + Units.duration(o.seconds()) + "):");
            out.println("  machine: " + machine.describe());
            out.println("  what " + Machine.cores(machine.cores()) + " cannot show: "
                + r.limits(machine.cores()));
            out.println("  ran: " + r.workload(depth));
            for (final String line : o.finding().details())
            {
                out.println(line.isEmpty() ? "" : "  " + line);
            }
        }
        out.flush();
    }
}
