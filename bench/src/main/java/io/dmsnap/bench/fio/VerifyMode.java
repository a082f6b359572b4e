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
    PATTERN,
    /** fio's {@code verify=meta}: only the block header (magic, offset, generation) is checked. */
    META;

    /** fio's checksum names that are checked with CRC32C here (one checksum finds the same corruption). */
    private static final java.util.Set<String> STAND_INS = java.util.Set.of("md5", "crc64", "crc32", "crc16", "crc7",
        "xxhash", "sha1", "sha256", "sha512", "sha3-224", "sha3-256", "sha3-384", "sha3-512");

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
            case "meta":
                return META;
            default:
                if (isStandIn(value))
                {
                    return CRC32C;
                }
                throw FioValues.bad(key, value, "one of none, crc32c, meta, pattern, or fio's md5, crc64, crc32, "
                    + "crc16, crc7, xxhash, sha1, sha256, sha512, sha3-* (checked with crc32c)");
        }
    }

    /** Whether fio's verify value names a checksum checked with CRC32C here. */
    static boolean isStandIn(final String value)
    {
        return STAND_INS.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    public String fioName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
