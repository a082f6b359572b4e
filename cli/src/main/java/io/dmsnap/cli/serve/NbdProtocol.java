package io.dmsnap.cli.serve;

/**
 * The numbers of the NBD protocol (fixed newstyle negotiation and simple replies), the one list of
 * them. Names follow the protocol document; values are on the wire in network byte order.
 */
final class NbdProtocol
{
    // ---- handshake ----
    /** "NBDMAGIC", the first eight bytes the server sends. */
    static final long NBDMAGIC = 0x4e42444d41474943L;
    /** "IHAVEOPT": the newstyle magic; also the magic in front of every option the client sends. */
    static final long IHAVEOPT = 0x49484156454F5054L;
    /** The magic in front of every option reply. */
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 1 << 1;
    static final int CLIENT_FLAG_FIXED_NEWSTYLE = 1;
    static final int CLIENT_FLAG_NO_ZEROES = 1 << 1;

    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_STARTTLS = 5;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;

    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    private static final int REP_FLAG_ERROR = 1 << 31;
    static final int REP_ERR_UNSUP = REP_FLAG_ERROR | 1;
    static final int REP_ERR_POLICY = REP_FLAG_ERROR | 2;
    static final int REP_ERR_INVALID = REP_FLAG_ERROR | 3;
    static final int REP_ERR_UNKNOWN = REP_FLAG_ERROR | 6;
    static final int REP_ERR_TOO_BIG = REP_FLAG_ERROR | 9;

    static final int INFO_EXPORT = 0;
    static final int INFO_NAME = 1;
    static final int INFO_DESCRIPTION = 2;
    static final int INFO_BLOCK_SIZE = 3;

    // ---- transmission flags (per export) ----
    static final int TFLAG_HAS_FLAGS = 1;
    static final int TFLAG_READ_ONLY = 1 << 1;
    static final int TFLAG_SEND_FLUSH = 1 << 2;
    static final int TFLAG_SEND_FUA = 1 << 3;
    static final int TFLAG_ROTATIONAL = 1 << 4;
    static final int TFLAG_SEND_TRIM = 1 << 5;
    static final int TFLAG_SEND_WRITE_ZEROES = 1 << 6;
    static final int TFLAG_CAN_MULTI_CONN = 1 << 8;

    // ---- transmission ----
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    /** A request header: magic, flags, type, handle, offset, length. */
    static final int REQUEST_BYTES = 28;
    /** A simple reply header: magic, error, handle. */
    static final int REPLY_BYTES = 16;

    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_WRITE_ZEROES = 6;

    static final int CMD_FLAG_FUA = 1;
    static final int CMD_FLAG_NO_HOLE = 1 << 1;

    // ---- errors (the protocol's own numbers, which are Linux's errno values) ----
    static final int EPERM = 1;
    static final int EIO = 5;
    static final int ENOMEM = 12;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ENOTSUP = 95;
    static final int ESHUTDOWN = 108;

    // ---- this server's bounds ----
    /** The largest READ or WRITE payload (NBD_INFO_BLOCK_SIZE's maximum): 32 MiB, as the protocol suggests. */
    static final int MAX_PAYLOAD = 32 << 20;
    /** The largest option payload read during the handshake; longer options end the connection. */
    static final int MAX_OPTION_BYTES = 64 << 10;
    /** The longest export name (the protocol's limit). */
    static final int MAX_NAME_BYTES = 4096;

    private NbdProtocol()
    {
    }

    /** The protocol's name of a command type, for messages. */
    static String commandName(final int type)
    {
        switch (type)
        {
            case CMD_READ: return "READ";
            case CMD_WRITE: return "WRITE";
            case CMD_DISC: return "DISC";
            case CMD_FLUSH: return "FLUSH";
            case CMD_TRIM: return "TRIM";
            case CMD_WRITE_ZEROES: return "WRITE_ZEROES";
            default: return "command " + type;
        }
    }
}
