package io.dmsnap.engine.snap;

/**
 * Early finishers parked in a red-black tree keyed by sequence (3db2776d): O(log n) to park and
 * to take the smallest. The tree is intrusive, like the kernel's rbtree: the node links and colour
 * live in the pooled pending exceptions, so parking allocates nothing. The leftmost node is cached
 * so {@link #first()} is O(1).
 *
 * <p>Invariants (checked by {@link #verify()} in tests): the root is black; a red node has black
 * children; every path from a node to a leaf has the same number of black nodes; in-order
 * traversal gives strictly increasing sequences.
 */
final class RbTreeOrder extends CompletionOrder
{
    RbTreeOrder(final Committer committer)
    {
        super(committer);
    }

    private PendingException root;
    private PendingException leftmost;
    private int size;

    @Override
    PendingException first()
    {
        return leftmost;
    }

    @Override
    void removeFirst(final PendingException pe)
    {
        remove(pe);
    }

    @Override
    int parked()
    {
        return size;
    }

    @Override
    void park(final PendingException pe)
    {
        PendingException parent = null;
        PendingException cur = root;
        boolean left = false;
        boolean isLeftmost = true;
        while (cur != null)
        {
            parent = cur;
            if (pe.sequence < cur.sequence)
            {
                cur = cur.rbLeft;
                left = true;
            }
            else if (pe.sequence > cur.sequence)
            {
                cur = cur.rbRight;
                left = false;
                isLeftmost = false;
            }
            else
            {
                throw new IllegalStateException("duplicate exception sequence " + pe.sequence);
            }
        }
        pe.rbParent = parent;
        pe.rbLeft = null;
        pe.rbRight = null;
        pe.rbRed = true;
        if (parent == null)
        {
            root = pe;
        }
        else if (left)
        {
            parent.rbLeft = pe;
        }
        else
        {
            parent.rbRight = pe;
        }
        if (isLeftmost)
        {
            leftmost = pe;
        }
        size++;
        fixAfterInsert(pe);
    }

    private void fixAfterInsert(PendingException x)
    {
        while (x != root && x.rbParent.rbRed)
        {
            final PendingException p = x.rbParent;
            final PendingException g = p.rbParent;   // exists: a red parent is never the root
            if (p == g.rbLeft)
            {
                final PendingException uncle = g.rbRight;
                if (isRed(uncle))
                {
                    p.rbRed = false;
                    uncle.rbRed = false;
                    g.rbRed = true;
                    x = g;
                }
                else
                {
                    if (x == p.rbRight)
                    {
                        x = p;
                        rotateLeft(x);
                    }
                    x.rbParent.rbRed = false;
                    x.rbParent.rbParent.rbRed = true;
                    rotateRight(x.rbParent.rbParent);
                }
            }
            else
            {
                final PendingException uncle = g.rbLeft;
                if (isRed(uncle))
                {
                    p.rbRed = false;
                    uncle.rbRed = false;
                    g.rbRed = true;
                    x = g;
                }
                else
                {
                    if (x == p.rbLeft)
                    {
                        x = p;
                        rotateRight(x);
                    }
                    x.rbParent.rbRed = false;
                    x.rbParent.rbParent.rbRed = true;
                    rotateLeft(x.rbParent.rbParent);
                }
            }
        }
        root.rbRed = false;
    }

    /** Unlink {@code z} from the tree. */
    void remove(final PendingException z)
    {
        if (z == leftmost)
        {
            leftmost = successor(z);
        }
        size--;
        // y: the node actually spliced out; x: the node that moves into y's place (may be null).
        final PendingException y = (z.rbLeft == null || z.rbRight == null) ? z : minimum(z.rbRight);
        final PendingException x = y.rbLeft != null ? y.rbLeft : y.rbRight;
        final PendingException xParent = y.rbParent;
        if (x != null)
        {
            x.rbParent = xParent;
        }
        if (xParent == null)
        {
            root = x;
        }
        else if (y == xParent.rbLeft)
        {
            xParent.rbLeft = x;
        }
        else
        {
            xParent.rbRight = x;
        }
        final boolean removedBlack = !y.rbRed;
        PendingException fixParent = xParent;
        if (y != z)
        {
            // Put y where z was: take over z's links and colour.
            if (fixParent == z)
            {
                fixParent = y;
            }
            y.rbLeft = z.rbLeft;
            y.rbRight = z.rbRight;
            y.rbParent = z.rbParent;
            y.rbRed = z.rbRed;
            if (y.rbLeft != null)
            {
                y.rbLeft.rbParent = y;
            }
            if (y.rbRight != null)
            {
                y.rbRight.rbParent = y;
            }
            if (z.rbParent == null)
            {
                root = y;
            }
            else if (z.rbParent.rbLeft == z)
            {
                z.rbParent.rbLeft = y;
            }
            else
            {
                z.rbParent.rbRight = y;
            }
        }
        if (removedBlack)
        {
            fixAfterRemove(x, fixParent);
        }
        z.rbLeft = z.rbRight = z.rbParent = null;
        z.rbRed = false;
    }

    private void fixAfterRemove(PendingException x, PendingException parent)
    {
        while (x != root && !isRed(x))
        {
            if (x == parent.rbLeft)
            {
                PendingException w = parent.rbRight;
                if (isRed(w))
                {
                    w.rbRed = false;
                    parent.rbRed = true;
                    rotateLeft(parent);
                    w = parent.rbRight;
                }
                if (!isRed(w.rbLeft) && !isRed(w.rbRight))
                {
                    w.rbRed = true;
                    x = parent;
                    parent = x.rbParent;
                }
                else
                {
                    if (!isRed(w.rbRight))
                    {
                        w.rbLeft.rbRed = false;
                        w.rbRed = true;
                        rotateRight(w);
                        w = parent.rbRight;
                    }
                    w.rbRed = parent.rbRed;
                    parent.rbRed = false;
                    w.rbRight.rbRed = false;
                    rotateLeft(parent);
                    x = root;
                    parent = null;
                }
            }
            else
            {
                PendingException w = parent.rbLeft;
                if (isRed(w))
                {
                    w.rbRed = false;
                    parent.rbRed = true;
                    rotateRight(parent);
                    w = parent.rbLeft;
                }
                if (!isRed(w.rbRight) && !isRed(w.rbLeft))
                {
                    w.rbRed = true;
                    x = parent;
                    parent = x.rbParent;
                }
                else
                {
                    if (!isRed(w.rbLeft))
                    {
                        w.rbRight.rbRed = false;
                        w.rbRed = true;
                        rotateLeft(w);
                        w = parent.rbLeft;
                    }
                    w.rbRed = parent.rbRed;
                    parent.rbRed = false;
                    w.rbLeft.rbRed = false;
                    rotateRight(parent);
                    x = root;
                    parent = null;
                }
            }
        }
        if (x != null)
        {
            x.rbRed = false;
        }
    }

    private void rotateLeft(final PendingException x)
    {
        final PendingException y = x.rbRight;
        x.rbRight = y.rbLeft;
        if (y.rbLeft != null)
        {
            y.rbLeft.rbParent = x;
        }
        y.rbParent = x.rbParent;
        if (x.rbParent == null)
        {
            root = y;
        }
        else if (x == x.rbParent.rbLeft)
        {
            x.rbParent.rbLeft = y;
        }
        else
        {
            x.rbParent.rbRight = y;
        }
        y.rbLeft = x;
        x.rbParent = y;
    }

    private void rotateRight(final PendingException x)
    {
        final PendingException y = x.rbLeft;
        x.rbLeft = y.rbRight;
        if (y.rbRight != null)
        {
            y.rbRight.rbParent = x;
        }
        y.rbParent = x.rbParent;
        if (x.rbParent == null)
        {
            root = y;
        }
        else if (x == x.rbParent.rbRight)
        {
            x.rbParent.rbRight = y;
        }
        else
        {
            x.rbParent.rbLeft = y;
        }
        y.rbRight = x;
        x.rbParent = y;
    }

    private static boolean isRed(final PendingException n)
    {
        return n != null && n.rbRed;
    }

    private static PendingException minimum(PendingException n)
    {
        while (n.rbLeft != null)
        {
            n = n.rbLeft;
        }
        return n;
    }

    private static PendingException successor(PendingException n)
    {
        if (n.rbRight != null)
        {
            return minimum(n.rbRight);
        }
        PendingException p = n.rbParent;
        while (p != null && n == p.rbRight)
        {
            n = p;
            p = p.rbParent;
        }
        return p;
    }

    /** Check every red-black invariant; returns the black height. For tests. */
    int verify()
    {
        if (isRed(root))
        {
            throw new IllegalStateException("red root");
        }
        final int h = verify(root, Long.MIN_VALUE, Long.MAX_VALUE);
        if ((root == null) != (leftmost == null) || (root != null && leftmost != minimum(root)))
        {
            throw new IllegalStateException("leftmost cache is stale");
        }
        return h;
    }

    private static int verify(final PendingException n, final long lo, final long hi)
    {
        if (n == null)
        {
            return 1;
        }
        if (n.sequence <= lo || n.sequence >= hi)
        {
            throw new IllegalStateException("order violated at " + n.sequence);
        }
        if (n.rbRed && (isRed(n.rbLeft) || isRed(n.rbRight)))
        {
            throw new IllegalStateException("red node with red child at " + n.sequence);
        }
        if ((n.rbLeft != null && n.rbLeft.rbParent != n) || (n.rbRight != null && n.rbRight.rbParent != n))
        {
            throw new IllegalStateException("parent link broken at " + n.sequence);
        }
        final int l = verify(n.rbLeft, lo, n.sequence);
        final int r = verify(n.rbRight, n.sequence, hi);
        if (l != r)
        {
            throw new IllegalStateException("black height differs at " + n.sequence);
        }
        return l + (n.rbRed ? 0 : 1);
    }
}
