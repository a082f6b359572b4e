package io.dmsnap.engine.block;

/** The operation of a {@link Bio}. */
public enum BioOp
{
    READ,
    WRITE,
    /** Deallocate a range; counts as write-direction for snapshots. */
    DISCARD,
    /** An empty flush: make everything acknowledged so far durable. Carries no data and no range. */
    FLUSH;

    /** WRITE or DISCARD: both count as writes for the COW throttle and the overflow check. */
    public boolean isWriteDirection()
    {
        return this == WRITE || this == DISCARD;
    }
}
