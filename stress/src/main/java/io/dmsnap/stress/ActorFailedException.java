package io.dmsnap.stress;

/**
 * An actor of a scenario died while the scenario waited for something else: the run fails at once
 * with the actor's exception, rather than waiting out its bound and reporting a hang, or going on
 * without the actor's work. Unchecked so that any bounded wait may throw it.
 */
public final class ActorFailedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    ActorFailedException(final String waitingFor, final Throwable actorFailure)
    {
        super("an actor died (" + actorFailure + ") while waiting for " + waitingFor, actorFailure);
    }
}
