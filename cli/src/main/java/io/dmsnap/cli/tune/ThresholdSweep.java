package io.dmsnap.cli.tune;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The {@code cow_threshold} sweep as a library for other commands: runs the samples
 * {@code dmsnap tune cow_threshold ARGUMENTS} would run, with the sweep's progress and time left on
 * stderr, and returns them without printing a report or writing files. Runs on the calling thread.
 */
public final class ThresholdSweep
{
    private ThresholdSweep()
    {
    }

    /**
     * @param arguments the sweep's options ({@code --values}, {@code --amount}, {@code --repeat},
     *                  {@code --origin-profile}, ...); options about the command's own output are ignored
     * @throws IllegalArgumentException for options the command refuses
     * @throws SampleFailedException    when a sample failed (an I/O error, an invalid snapshot, a stall)
     */
    public static SweepResult run(final List<String> arguments, final PrintWriter err) throws InterruptedException
    {
        final CowThresholdCommand command = new CowThresholdCommand();
        try
        {
            new CommandLine(command).parseArgs(arguments.toArray(new String[0]));
        }
        catch (final ParameterException e)
        {
            throw new IllegalArgumentException(e.getMessage().replaceAll("\\s+", " ").trim()
                + " (dmsnap tune cow_threshold --help lists its options)");
        }
        final CowThresholdCommand.Settings s = command.settings();
        err.println("tune: " + s.workload().describe());
        err.flush();
        final SweepPlan plan = new SweepPlan(s.workload(), s.base(), s.chunks(), s.values(), s.repeats());
        return new SweepRunner(err).run(plan, Map.of());
    }
}
