package io.dmsnap.cli.ab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A long child process (a Maven build, a JMH run) whose output and errors go to a log file, which
 * the waiting thread follows: every new line goes to a listener (the progress reads JMH's phases
 * from it), and between lines the waiting thread wakes twice a second to redraw the progress. No
 * pipe, so a child that prints a lot never blocks on a reader, and no extra thread. Not thread-safe:
 * one thread starts, follows and waits.
 */
final class LoggedProcess
{
    /** A line of a Java stack trace below the exception's own: a frame, or the count of frames left out. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at \\S.*|\\.\\.\\. \\d+ (more|common frames omitted))");
    /** How often the waiting thread looks at the log and redraws the progress. */
    private static final long POLL_MILLIS = 500;

    private LoggedProcess()
    {
    }

    /**
     * Runs {@code command} in {@code dir} with its output and errors written to {@code log} (replacing
     * any earlier one), passing
     * each new line of the log to {@code lines} and calling {@code tick} between polls; returns the
     * exit code. {@code current} holds the process while it runs, so a shutdown hook can stop it.
     *
     * @throws IOException when the process cannot be started (no such program) or the log not read
     */
    static int run(final List<String> command, final Path dir, final Path log, final Consumer<String> lines,
                   final Runnable tick, final AtomicReference<Process> current) throws IOException
    {
        Files.createDirectories(log.toAbsolutePath().getParent());
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        current.set(process);
        try (RandomAccessFile follow = new RandomAccessFile(log.toFile(), "r"))
        {
            process.getOutputStream().close();
            final ByteArrayOutputStream partial = new ByteArrayOutputStream();
            boolean running = true;
            while (running)
            {
                running = !process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
                readNew(follow, partial, lines);
                tick.run();
            }
            if (partial.size() > 0)
            {
                lines.accept(line(partial));
            }
            return process.exitValue();
        }
        catch (final InterruptedException e)
        {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        }
        finally
        {
            current.set(null);
        }
    }

    /** Passes the complete lines written since the last call; a line's bytes are decoded once it is whole. */
    private static void readNew(final RandomAccessFile follow, final ByteArrayOutputStream partial,
                                final Consumer<String> lines) throws IOException
    {
        final long available = follow.length() - follow.getFilePointer();
        if (available <= 0)
        {
            return;
        }
        final byte[] bytes = new byte[(int) Math.min(available, 1 << 20)];
        follow.readFully(bytes);
        for (final byte b : bytes)
        {
            if (b == '\n')
            {
                lines.accept(line(partial));
                partial.reset();
            }
            else
            {
                partial.write(b);
            }
        }
    }

    private static String line(final ByteArrayOutputStream bytes)
    {
        final String text = bytes.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Stops a process and every process it started (JMH's forks, Maven's compiler). */
    static void destroyTree(final Process process)
    {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /**
     * The last {@code count} lines of a log, oldest first, with each run of Java stack frames
     * ({@code at ...}, {@code ... 12 more}) folded into one line saying how many there were: the
     * exceptions' messages and the tool's own words say why a run failed, the frames are in the log.
     */
    static List<String> tail(final Path log, final int count)
    {
        final Deque<String> last = new ArrayDeque<>();
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            return List.of("(the log " + log + " cannot be read: " + e.getMessage() + ")");
        }
        int frames = 0;
        for (final String line : lines)
        {
            if (STACK_FRAME.matcher(line).matches())
            {
                frames++;
                continue;
            }
            if (frames > 0)
            {
                add(last, "    (" + frames + " stack frame" + (frames == 1 ? "" : "s") + ")", count);
                frames = 0;
            }
            add(last, line, count);
        }
        if (frames > 0)
        {
            add(last, "    (" + frames + " stack frame" + (frames == 1 ? "" : "s") + ")", count);
        }
        return new ArrayList<>(last);
    }

    private static void add(final Deque<String> last, final String line, final int count)
    {
        last.addLast(line);
        if (last.size() > count)
        {
            last.removeFirst();
        }
    }
}
