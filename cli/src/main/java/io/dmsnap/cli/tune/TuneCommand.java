package io.dmsnap.cli.tune;

import picocli.CommandLine.Command;

/**
 * {@code dmsnap tune PARAMETER}: sweeps a module parameter over a workload and recommends a value.
 * One parameter so far, {@code cow_threshold} ({@link CowThresholdCommand}). Not runnable itself:
 * without a parameter picocli reports the missing subcommand as a usage error.
 */
@Command(name = "tune",
    description = {"Sweep a module parameter on a modelled workload and recommend a value, with tables, charts and "
        + "a result file.", "Parameters: cow_threshold (snapshot_cow_threshold)."},
    subcommands = {CowThresholdCommand.class})
public final class TuneCommand
{
}
