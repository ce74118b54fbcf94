package org.blockspec.nbd;

/**
 * The numbers of the NBD protocol (fixed newstyle handshake, structured replies), as in the
 * protocol document; names follow it without the {@code NBD_} prefix.
 */
public final class Nbd {
    private Nbd() {
    }

    public static final long NBDMAGIC = 0x4e42444d41474943L;
    public static final long IHAVEOPT = 0x49484156454f5054L;
    public static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
    public static final int REQUEST_MAGIC = 0x25609513;
    public static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    public static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    /** Handshake flags (server) and client flags. */
    public static final int FLAG_FIXED_NEWSTYLE = 1;
    public static final int FLAG_NO_ZEROES = 2;

    /** Options. */
    public static final int OPT_EXPORT_NAME = 1;
    public static final int OPT_ABORT = 2;
    public static final int OPT_LIST = 3;
    public static final int OPT_STARTTLS = 5;
    public static final int OPT_INFO = 6;
    public static final int OPT_GO = 7;
    public static final int OPT_STRUCTURED_REPLY = 8;
    public static final int OPT_LIST_META_CONTEXT = 9;
    public static final int OPT_SET_META_CONTEXT = 10;

    /** Option reply types. */
    public static final int REP_ACK = 1;
    public static final int REP_SERVER = 2;
    public static final int REP_INFO = 3;
    public static final int REP_META_CONTEXT = 4;
    public static final int REP_ERR_UNSUP = 0x80000001;
    public static final int REP_ERR_POLICY = 0x80000002;
    public static final int REP_ERR_INVALID = 0x80000003;
    public static final int REP_ERR_PLATFORM = 0x80000004;
    public static final int REP_ERR_TLS_REQD = 0x80000005;
    public static final int REP_ERR_UNKNOWN = 0x80000006;
    public static final int REP_ERR_SHUTDOWN = 0x80000007;
    public static final int REP_ERR_BLOCK_SIZE_REQD = 0x80000008;
    public static final int REP_ERR_TOO_BIG = 0x80000009;

    /** Info types in NBD_OPT_INFO / NBD_OPT_GO. */
    public static final int INFO_EXPORT = 0;
    public static final int INFO_NAME = 1;
    public static final int INFO_DESCRIPTION = 2;
    public static final int INFO_BLOCK_SIZE = 3;

    /** Transmission flags. */
    public static final int FLAG_HAS_FLAGS = 0x1;
    public static final int FLAG_READ_ONLY = 0x2;
    public static final int FLAG_SEND_FLUSH = 0x4;
    public static final int FLAG_SEND_FUA = 0x8;
    public static final int FLAG_ROTATIONAL = 0x10;
    public static final int FLAG_SEND_TRIM = 0x20;
    public static final int FLAG_SEND_WRITE_ZEROES = 0x40;
    public static final int FLAG_SEND_DF = 0x80;
    public static final int FLAG_CAN_MULTI_CONN = 0x100;
    public static final int FLAG_SEND_RESIZE = 0x200;
    public static final int FLAG_SEND_CACHE = 0x400;
    public static final int FLAG_SEND_FAST_ZERO = 0x800;

    /** Commands. */
    public static final int CMD_READ = 0;
    public static final int CMD_WRITE = 1;
    public static final int CMD_DISC = 2;
    public static final int CMD_FLUSH = 3;
    public static final int CMD_TRIM = 4;
    public static final int CMD_CACHE = 5;
    public static final int CMD_WRITE_ZEROES = 6;
    public static final int CMD_BLOCK_STATUS = 7;

    /** Command flags. */
    public static final int CMD_FLAG_FUA = 1;
    public static final int CMD_FLAG_NO_HOLE = 2;
    public static final int CMD_FLAG_DF = 4;
    public static final int CMD_FLAG_REQ_ONE = 8;
    public static final int CMD_FLAG_FAST_ZERO = 16;

    /** Structured reply chunk flags and types. */
    public static final int REPLY_FLAG_DONE = 1;
    public static final int REPLY_TYPE_NONE = 0;
    public static final int REPLY_TYPE_OFFSET_DATA = 1;
    public static final int REPLY_TYPE_OFFSET_HOLE = 2;
    public static final int REPLY_TYPE_BLOCK_STATUS = 5;
    public static final int REPLY_TYPE_ERROR = 0x8001;
    public static final int REPLY_TYPE_ERROR_OFFSET = 0x8002;

    /** base:allocation extent flags. */
    public static final int STATE_HOLE = 1;
    public static final int STATE_ZERO = 2;

    /** Error values on the wire (Linux numbering). */
    public static final int EPERM = 1;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EOVERFLOW = 75;
    public static final int ENOTSUP = 95;
    public static final int ESHUTDOWN = 108;

    /** Largest request payload QEMU accepts, and the largest string in negotiation. */
    public static final int MAX_BUFFER_SIZE = 32 << 20;
    public static final int MAX_STRING_SIZE = 4096;
    public static final String BASE_ALLOCATION = "base:allocation";

    /** Size of a request header and of the reply to NBD_OPT_EXPORT_NAME's trailing zeroes. */
    public static final int REQUEST_SIZE = 28;
    public static final int EXPORT_NAME_ZEROES = 124;

    /** QEMU's name for a command in error messages (nbd_cmd_lookup). */
    public static String commandName(int type) {
        return switch (type) {
            case CMD_READ -> "read";
            case CMD_WRITE -> "write";
            case CMD_DISC -> "disconnect";
            case CMD_FLUSH -> "flush";
            case CMD_TRIM -> "trim";
            case CMD_CACHE -> "cache";
            case CMD_WRITE_ZEROES -> "write zeroes";
            case CMD_BLOCK_STATUS -> "block status";
            default -> "<unknown>";
        };
    }

    /** QEMU's name for an option in error messages (nbd_opt_lookup). */
    public static String optionName(int option) {
        return switch (option) {
            case OPT_EXPORT_NAME -> "export name";
            case OPT_ABORT -> "abort";
            case OPT_LIST -> "list";
            case OPT_STARTTLS -> "starttls";
            case OPT_INFO -> "info";
            case OPT_GO -> "go";
            case OPT_STRUCTURED_REPLY -> "structured reply";
            case OPT_LIST_META_CONTEXT -> "list meta context";
            case OPT_SET_META_CONTEXT -> "set meta context";
            default -> "<unknown>";
        };
    }

    /** QEMU's system_errno_to_nbd_errno: what a host errno becomes on the wire. */
    public static int wireErrno(int hostErrno) {
        return switch (hostErrno) {
            case 0 -> 0;
            case 1, 30 -> EPERM; // EPERM, EROFS
            case 5 -> EIO;
            case 12 -> ENOMEM;
            case 28, 122 -> ENOSPC; // ENOSPC, EDQUOT
            case 75 -> EOVERFLOW;
            case 95 -> ENOTSUP;
            case 108 -> ESHUTDOWN;
            default -> EINVAL;
        };
    }
}
