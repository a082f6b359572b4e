package io.dmsnap.cli.compare;

/**
 * What {@code dmsnap calibrate} did to one entry of a bands file.
 *
 * @param glob        the entry's glob as written
 * @param oldBand     the band it had, in percent; null for a new entry or one that set no band
 * @param newBand     the band it has now, in percent
 * @param kind        added, changed or unchanged
 */
record BandChange(String glob, Double oldBand, double newBand, Kind kind)
{
    /** What happened to the entry. */
    enum Kind
    {
        /** A new entry. */
        ADDED,
        /** An entry with this glob existed with another band (or none); its band was replaced. */
        CHANGED,
        /** An entry with this glob already had this band. */
        UNCHANGED
    }
}
