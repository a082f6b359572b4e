package io.dmsnap.cli.history;

import io.dmsnap.cli.common.IoReason;
import io.dmsnap.cli.result.ResultFileException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the result files of a history are: the directory given, when it holds result files (one
 * host's history, {@code results/history/<host>/}), else each of its subdirectories that does (a
 * parent of host directories, {@code results/history/}). A result file is a {@code *.json} regular
 * file whose name does not start with a dot (a writer's temporary files do), as for
 * {@link io.dmsnap.cli.result.ResultFiles#readEach}. A directory with result files is one history:
 * its own subdirectories are not read ({@link #unreadSubdirectories} names those that hold result
 * files, for a note). Stateless.
 */
final class HistoryLayout
{
    private static final String GLOB = "[!.]*.json";

    /**
     * One directory of runs.
     *
     * @param directory where the files are
     * @param name      the directory's name: the host of files that record none
     * @param prefix    what goes before a file's name to name it relative to the directory given
     *                  ({@code ""} or {@code "<subdirectory>/"})
     * @param files     its result files, in name order, at least one
     */
    record RunDirectory(Path directory, String name, String prefix, List<Path> files)
    {
        RunDirectory
        {
            files = List.copyOf(files);
        }
    }

    private HistoryLayout()
    {
    }

    /**
     * The directories of runs under {@code dir}, in name order.
     *
     * @throws IllegalArgumentException when {@code dir} is not a directory or holds no result file,
     *                                  in it or in its subdirectories
     */
    static List<RunDirectory> find(final Path dir)
    {
        if (Files.isRegularFile(dir))
        {
            throw new IllegalArgumentException(dir + " is a file; history reads a directory of result files, one per run "
                + "(a host's directory such as results/history/<host>/, or results/history/ with one subdirectory per host)");
        }
        if (!Files.isDirectory(dir))
        {
            throw new ResultFileException(dir, "no such directory");
        }
        final List<Path> files = resultFiles(dir);
        if (!files.isEmpty())
        {
            return List.of(new RunDirectory(dir, name(dir), "", files));
        }
        final List<RunDirectory> hosts = new ArrayList<>();
        for (final Path sub : subdirectories(dir))
        {
            final List<Path> subFiles = resultFiles(sub);
            if (!subFiles.isEmpty())
            {
                final String name = sub.getFileName().toString();
                hosts.add(new RunDirectory(sub, name, name + "/", subFiles));
            }
        }
        if (hosts.isEmpty())
        {
            throw new ResultFileException(dir, "no result files: no *.json file in it or in its subdirectories "
                + "(history reads results/history/<host>/ or results/history/)");
        }
        return List.copyOf(hosts);
    }

    /**
     * The subdirectories of {@code dir} that hold result files, when {@code dir} holds result files
     * itself and so is read as one host's history without them; else none.
     */
    static List<String> unreadSubdirectories(final Path dir)
    {
        final List<String> names = new ArrayList<>();
        if (Files.isDirectory(dir) && !resultFiles(dir).isEmpty())
        {
            for (final Path sub : subdirectories(dir))
            {
                if (!resultFiles(sub).isEmpty())
                {
                    names.add(sub.getFileName().toString());
                }
            }
        }
        return names;
    }

    private static String name(final Path dir)
    {
        final Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "/" : name.toString();
    }

    private static List<Path> resultFiles(final Path dir)
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, GLOB))
        {
            for (final Path p : entries)
            {
                if (Files.isRegularFile(p))
                {
                    files.add(p);
                }
            }
        }
        catch (final NoSuchFileException e)
        {
            throw new ResultFileException(dir, "no such directory");
        }
        catch (final IOException e)
        {
            throw new ResultFileException(dir, "cannot list the directory: " + IoReason.of(e));
        }
        files.sort(null);
        return files;
    }

    private static List<Path> subdirectories(final Path dir)
    {
        final List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> !p.getFileName().toString().startsWith(".")
            && Files.isDirectory(p)))
        {
            entries.forEach(dirs::add);
        }
        catch (final IOException e)
        {
            throw new ResultFileException(dir, "cannot list the directory: " + IoReason.of(e));
        }
        dirs.sort(null);
        return dirs;
    }
}
