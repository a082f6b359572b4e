package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.result.Environment;

/**
 * The machine a reproduction ran on, as every row states it.
 *
 * @param cores processors available to the JVM
 * @param cpu   the processor's model from /proc/cpuinfo, or {@code unknown CPU}
 */
record Machine(int cores, String cpu)
{
    static Machine of(final Environment environment)
    {
        return new Machine(environment.cores().orElse(Runtime.getRuntime().availableProcessors()),
            environment.cpuModel().orElse("unknown CPU"));
    }

    /** {@code 2 cores, Intel(R) Xeon(R) ...}. */
    String describe()
    {
        return cores(cores) + ", " + cpu;
    }

    /** {@code 1 core}, {@code 2 cores}. */
    static String cores(final int count)
    {
        return count + (count == 1 ? " core" : " cores");
    }
}
