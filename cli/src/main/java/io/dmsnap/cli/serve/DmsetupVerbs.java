package io.dmsnap.cli.serve;

import java.util.List;

/** The verbs {@code dmsnap dmsetup} sends and the control socket answers. */
final class DmsetupVerbs
{
    static final List<String> VERBS = List.of("create", "load", "suspend", "resume", "remove", "status", "table",
        "info", "ls", "message", "wait");
    static final String LIST = String.join(", ", VERBS);

    private DmsetupVerbs()
    {
    }
}
