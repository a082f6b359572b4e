package io.dmsnap.cli.serve;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.InputFileKind;
import io.dmsnap.cli.common.IoReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap dmsetup --socket PATH VERB ...}: {@code dmsetup}'s verbs against a running
 * {@code dmsnap serve --control PATH}. The argument forms are dmsetup's; a table comes from
 * {@code --table TEXT} or a file named after the device name, and is sent inline.
 */
@Command(name = "dmsetup",
    description = {"Device-mapper verbs against a running dmsnap serve (its --control socket), in dmsetup's forms:",
        "  create NAME --table TABLE | FILE | --notable    load NAME --table TABLE | FILE",
        "  suspend NAME   resume NAME   remove NAME   info NAME   ls",
        "  status [NAME]  table [NAME]  message NAME SECTOR MESSAGE...   wait NAME [EVENT_NR]"})
public final class DmsetupCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", required = true,
        description = "The server's control socket (dmsnap serve --control PATH).")
    private Path socket;

    @Option(names = "--table", paramLabel = "TABLE", description = "Table text for create and load.")
    private String tableText;

    @Option(names = "--notable", description = "create: a device with no table yet (load and resume it later).")
    private boolean notable;

    @Parameters(paramLabel = "VERB ARGS", arity = "1..*", description = "The verb and its arguments.")
    private List<String> words;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<String> request = request();
        final String[] reply;
        try (SocketChannel ch = connect())
        {
            ControlProtocol.writeRequest(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch))),
                request);
            reply = ControlProtocol.readReply(new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch))));
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--socket " + socket + ": the server ended the request: "
                + IoReason.of(e));
        }
        final int status = Integer.parseInt(reply[0]);
        if (status == 0)
        {
            out.print(reply[1]);
            out.flush();
            return ExitCodes.OK;
        }
        err.println("dmsnap: dmsetup " + request.get(0) + ": " + reply[1]);
        err.flush();
        return status == ControlProtocol.BAD_REQUEST ? ExitCodes.USAGE : ExitCodes.FAILED;
    }

    private SocketChannel connect()
    {
        if (!Files.exists(socket))
        {
            throw new IllegalArgumentException("--socket " + socket
                + ": no such socket: start the server with dmsnap serve --control " + socket);
        }
        try
        {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket));
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            throw new IllegalArgumentException("--socket " + socket + ": cannot connect: "
                + (e instanceof IOException ? IoReason.of((IOException) e) : e.getMessage())
                + " (is dmsnap serve running with --control " + socket + "?)");
        }
    }

    /** The request: the verb and its arguments, with a table file or --table turned into {@code --table TEXT}. */
    private List<String> request()
    {
        final String verb = words.get(0);
        if (!DmsetupVerbs.VERBS.contains(verb))
        {
            throw new IllegalArgumentException("unknown verb '" + verb + "': expected one of " + DmsetupVerbs.LIST);
        }
        final List<String> request = new ArrayList<>(words);
        final boolean tableVerb = verb.equals("create") || verb.equals("load");
        if (!tableVerb && (tableText != null || notable))
        {
            throw new IllegalArgumentException("--table and --notable go with create and load only");
        }
        if (tableVerb)
        {
            if (words.size() < 2)
            {
                throw new IllegalArgumentException(verb + ": give the device name: " + verb + " NAME --table TABLE");
            }
            if (notable && (verb.equals("load") || tableText != null || words.size() > 2))
            {
                throw new IllegalArgumentException("--notable goes with create NAME alone");
            }
            if (notable)
            {
                request.add("--notable");
            }
            else if (tableText != null)
            {
                if (words.size() > 2)
                {
                    throw new IllegalArgumentException(verb + ": both --table and a table file given: choose one");
                }
                request.add("--table");
                request.add(tableText);
            }
            else if (words.size() == 3)
            {
                request.remove(2);
                request.add("--table");
                request.add(readTable(Path.of(words.get(2))));
            }
            else
            {
                throw new IllegalArgumentException(verb + ": give the table: " + verb + " NAME --table TABLE, or "
                    + verb + " NAME FILE");
            }
        }
        return request;
    }

    private static String readTable(final Path file)
    {
        if (!Files.exists(file))
        {
            throw new IllegalArgumentException(file + ": no such table file");
        }
        final String refusal = InputFileKind.refusal(file);
        if (refusal != null)
        {
            throw new IllegalArgumentException(file + " is " + InputFileKind.message(refusal));
        }
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + IoReason.of(e));
        }
    }
}
