package io.dmsnap.bench.fio;

/**
 * When a job starts and in which group it reports, with fio's options: {@code stonewall} (alias
 * {@code wait_for_previous}) waits for every earlier job to finish and starts a new group;
 * {@code new_group} starts a new group without waiting; {@code wait_for=NAME} waits for the job
 * named NAME (all its clones) to finish; {@code exitall} stops every running job when this one
 * finishes. Immutable.
 */
public final class JobGrouping
{
    private final boolean stonewall;
    private final boolean newGroup;
    private final String waitFor;
    private final boolean exitall;

    private JobGrouping(final Builder b)
    {
        this.stonewall = b.stonewall;
        this.newGroup = b.newGroup;
        this.waitFor = b.waitFor;
        this.exitall = b.exitall;
    }

    /** Whether the job waits for every earlier job to finish (and opens a new group). */
    public boolean stonewall()
    {
        return stonewall;
    }

    /** Whether the job opens a new group (stonewall implies it). */
    public boolean newGroup()
    {
        return newGroup || stonewall;
    }

    /** The name of the job this one waits for, or null. */
    public String waitFor()
    {
        return waitFor;
    }

    public boolean exitall()
    {
        return exitall;
    }

    /** Collects the grouping keys of one job section. */
    static final class Builder
    {
        private boolean stonewall;
        private boolean newGroup;
        private String waitFor;
        private boolean exitall;

        /** Takes {@code key} if it is a grouping key; false for any other key. */
        boolean accept(final String key, final String value)
        {
            switch (key)
            {
                case "stonewall":
                case "wait_for_previous":
                    stonewall = FioValues.bool(key, value);
                    return true;
                case "new_group":
                    newGroup = FioValues.bool(key, value);
                    return true;
                case "wait_for":
                    if (value.isBlank())
                    {
                        throw FioValues.bad(key, value, "the name of an earlier job");
                    }
                    waitFor = value.trim();
                    return true;
                case "exitall":
                    exitall = FioValues.bool(key, value);
                    return true;
                default:
                    return false;
            }
        }

        JobGrouping build()
        {
            return new JobGrouping(this);
        }
    }
}
