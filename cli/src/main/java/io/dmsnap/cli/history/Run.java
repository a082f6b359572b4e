package io.dmsnap.cli.history;

import io.dmsnap.cli.result.RowKey;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * One result file of a history, reduced to what the history needs: where it is, when and on what
 * it ran, and one value per row. The file's other contents (raw samples, the embedded JMH or fio
 * document, the rest of the environment) are not kept. Immutable.
 *
 * @param file          the file as found under the directory given
 * @param name          the file relative to the directory given: {@code run-3.json}, {@code host1/run-3.json}
 * @param startTime     when the run started, if the file says
 * @param commit        the git commit of the code that ran, if the file says
 * @param dirty         whether the working tree had changes, if the file says
 * @param recordedHost  the host the file records, if any
 * @param directoryName the name of the directory the file is in: the host when the file records none
 * @param values        row to value; the keys are shared between runs (one instance per key); read-only
 */
public record Run(Path file, String name, Optional<Instant> startTime, Optional<String> commit, Optional<Boolean> dirty,
                  Optional<String> recordedHost, String directoryName, Map<RowKey, RunValue> values)
{
    public Run
    {
        values = Collections.unmodifiableMap(values);
    }

    /** The host the run counts for: the one its file records, else the name of its directory. */
    public String host()
    {
        return recordedHost.orElse(directoryName);
    }
}
