package io.dmsnap.bench.fio;

import java.util.Locale;

/**
 * fio's {@code verify} values supported here. Both modes write a header into every block (see
 * {@link BlockVerifier}); they differ in how the rest of the block is checked.
 */
public enum VerifyMode
{
    /** No verification ({@code verify=0} or {@code verify=none}). */
    NONE,
    /** A CRC32C over the whole block (header included, checksum field excluded). */
    CRC32C,
    /** The payload is a pattern derived from offset and generation, compared byte for byte. */
    PATTERN;

    static VerifyMode parse(final String key, final String value)
    {
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "0":
            case "none":
                return NONE;
            case "1":
            case "crc32c":
            case "crc32c-intel":
                return CRC32C;
            case "pattern":
                return PATTERN;
            default:
                throw FioValues.bad(key, value, "one of none, crc32c, pattern");
        }
    }

    public String fioName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
