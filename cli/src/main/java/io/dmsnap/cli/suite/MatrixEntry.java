package io.dmsnap.cli.suite;

import io.dmsnap.cli.matrix.MatrixCommand;
import io.dmsnap.cli.matrix.MatrixPlan;
import org.openjdk.jmh.runner.options.Options;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code matrix [OPTIONS]} line: the dmtest fio matrix as {@code dmsnap matrix OPTIONS} would run
 * it ({@code --quick} by default), one JMH run per worker count. Immutable.
 */
public final class MatrixEntry implements SuiteEntry
{
    static final String KIND = "matrix";

    private final int line;
    private final List<String> arguments;
    private final MatrixPlan plan;

    private MatrixEntry(final int line, final List<String> arguments, final MatrixPlan plan)
    {
        this.line = line;
        this.arguments = List.copyOf(arguments);
        this.plan = plan;
    }

    /**
     * The entry for the words after {@code matrix}.
     *
     * @throws IllegalArgumentException naming the problem (an unknown option, a bad value)
     */
    static MatrixEntry parse(final int line, final List<String> arguments)
    {
        return new MatrixEntry(line, arguments, MatrixCommand.plan(arguments));
    }

    /** The matrix plan of the line. */
    public MatrixPlan plan()
    {
        return plan;
    }

    @Override
    public int line()
    {
        return line;
    }

    @Override
    public String kind()
    {
        return KIND;
    }

    @Override
    public List<String> arguments()
    {
        return arguments;
    }

    @Override
    public List<Options> runs()
    {
        final List<Options> runs = new ArrayList<>();
        for (final int workers : plan.workers())
        {
            runs.add(plan.options(workers));
        }
        return runs;
    }

    @Override
    public String describe()
    {
        return "matrix " + plan.mode() + ": " + plan.describe();
    }
}
