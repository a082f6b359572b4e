package io.dmsnap.cli.result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real tool outputs under src/test/resources/io/dmsnap/cli/result (see the README there). */
final class Fixtures
{
    private Fixtures()
    {
    }

    static Path path(final String name)
    {
        final URL url = Fixtures.class.getResource(name);
        if (url == null)
        {
            throw new IllegalStateException("no fixture " + name);
        }
        try
        {
            return Path.of(url.toURI());
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException(e);
        }
    }

    static String text(final String name)
    {
        try
        {
            return Files.readString(path(name), StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture into {@code dir} under {@code as}, optionally with one text replaced (which must occur). */
    static Path copy(final String name, final Path dir, final String as, final String find, final String replace)
        throws IOException
    {
        final String text = text(name);
        if (find != null && !text.contains(find))
        {
            throw new IllegalStateException(name + " does not contain " + find);
        }
        final Path target = dir.resolve(as);
        Files.writeString(target, find == null ? text : text.replace(find, replace), StandardCharsets.UTF_8);
        return target;
    }
}
