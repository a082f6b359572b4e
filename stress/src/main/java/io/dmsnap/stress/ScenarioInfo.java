package io.dmsnap.stress;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a scenario is about, as data: the reproduction of one historic dm-snapshot bug.
 *
 * @param id              "S" and two digits, the scenario's number in the project's table of
 *                        historic bugs (S01 ... S43)
 * @param title           one line: what the scenario checks holds on today's engine
 * @param commits         the kernel commits it is about, abbreviated to 8 hex digits
 * @param negativeControl the variant that has the bug and must fail, or why there is none
 */
public record ScenarioInfo(String id, String title, List<String> commits, NegativeControl negativeControl)
{
    private static final Pattern ID = Pattern.compile("S\\d\\d");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{8}");

    public ScenarioInfo
    {
        if (id == null || !ID.matcher(id).matches())
        {
            throw new IllegalArgumentException("scenario ID '" + id + "' is not S and two digits (S01 ... S99)");
        }
        if (title == null || title.isBlank())
        {
            throw new IllegalArgumentException(id + ": the title is blank");
        }
        commits = List.copyOf(commits);
        if (commits.isEmpty() || !commits.stream().allMatch(c -> COMMIT.matcher(c).matches()))
        {
            throw new IllegalArgumentException(id + ": commits " + commits + " are not one or more 8-digit hex ids");
        }
        Objects.requireNonNull(negativeControl, "negativeControl");
    }
}
