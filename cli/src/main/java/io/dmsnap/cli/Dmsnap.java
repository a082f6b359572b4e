package io.dmsnap.cli;

import io.dmsnap.cli.ab.AbCommand;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.cli.compare.CalibrateCommand;
import io.dmsnap.cli.compare.CompareCommand;
import io.dmsnap.cli.fio.FioCommand;
import io.dmsnap.cli.history.HistoryCommand;
import io.dmsnap.cli.inspect.InspectCommand;
import io.dmsnap.cli.matrix.MatrixCommand;
import io.dmsnap.cli.presets.PresetsCommand;
import io.dmsnap.cli.reproduce.ReproduceCommand;
import io.dmsnap.cli.reportcmd.ReportCommand;
import io.dmsnap.cli.serve.DmsetupCommand;
import io.dmsnap.cli.serve.ServeCommand;
import io.dmsnap.cli.stress.StressCommand;
import io.dmsnap.cli.suite.SuiteCommand;
import io.dmsnap.cli.tune.TuneCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The {@code dmsnap} command line: a frame of subcommands, each one job (print the presets, run
 * a benchmark matrix, a stress scenario, ...). Run it through scripts/dmsnap, which builds the jar
 * when needed.
 *
 * <p>The frame owns error reporting for all subcommands (see {@link UsageErrorHandler} and
 * {@link ExecutionErrorHandler}): the user sees one line that names the problem, never a stack
 * trace unless asked for, and the exit code says which kind of failure it was ({@link ExitCodes}).
 *
 * <p>This is not a Runnable: picocli then refuses a call without a subcommand as a usage error.
 * {@code scope = INHERIT} gives every subcommand {@code --help}, {@code --version} and {@code --debug}.
 */
@Command(name = Dmsnap.NAME,
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "A userspace model of the Linux dm-snapshot target: its historic variants, benchmarks and stress.",
    commandListHeading = "%nCommands:%n",
    subcommands = {PresetsCommand.class, InspectCommand.class, FioCommand.class, MatrixCommand.class,
        CompareCommand.class, CalibrateCommand.class, AbCommand.class, HistoryCommand.class, ReportCommand.class,
        SuiteCommand.class, TuneCommand.class, StressCommand.class, ReproduceCommand.class, ServeCommand.class,
        DmsetupCommand.class, HelpCommand.class})
public final class Dmsnap
{
    static final String NAME = "dmsnap";

    /** Read by {@link ExecutionErrorHandler} from the parse result; the field only declares the option. */
    @Option(names = ExecutionErrorHandler.DEBUG_OPTION, scope = ScopeType.INHERIT,
        description = "Print the stack trace of an error.")
    private boolean debug;

    private Dmsnap()
    {
    }

    public static void main(final String... args)
    {
        System.exit(commandLine(ExecutionErrorHandler.debugFromEnvironment(System.getenv("DMSNAP_DEBUG")))
            .execute(args));
    }

    /**
     * Runs the command with its output and errors going to the given writers, as main() does with
     * the process's streams; returns the exit code instead of exiting. Both writers are flushed.
     */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args)
    {
        return run(commandLine(ExecutionErrorHandler.debugFromEnvironment(System.getenv("DMSNAP_DEBUG"))),
            out, err, args);
    }

    /**
     * Runs a command line built by {@link #commandLine(boolean)}, possibly with extra subcommands
     * added; out and err are set on the whole hierarchy at this point, so add subcommands first.
     */
    static int run(final CommandLine commandLine, final PrintWriter out, final PrintWriter err, final String... args)
    {
        commandLine.setOut(out).setErr(err);
        try
        {
            return commandLine.execute(args);
        }
        finally
        {
            out.flush();
            err.flush();
        }
    }

    /**
     * The configured command line: all subcommands, the error handlers and the exit codes.
     *
     * @param debugFromEnvironment whether stack traces are printed even without {@code --debug}
     */
    static CommandLine commandLine(final boolean debugFromEnvironment)
    {
        final CommandLine commandLine = new CommandLine(new Dmsnap())
            .setParameterExceptionHandler(new UsageErrorHandler())
            .setExecutionExceptionHandler(new ExecutionErrorHandler(debugFromEnvironment));
        listExitCodes(commandLine);
        return commandLine;
    }

    /** Every command's help ends with the exit codes: the same list everywhere. */
    private static void listExitCodes(final CommandLine command)
    {
        command.getCommandSpec().usageMessage()
            .exitCodeListHeading("%nExit codes:%n")
            .exitCodeList(ExitCodes.MEANINGS);
        command.getSubcommands().values().forEach(Dmsnap::listExitCodes);
    }
}
