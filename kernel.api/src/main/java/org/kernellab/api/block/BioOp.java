package org.kernellab.api.block;

/**
 * A bio's operation, with Linux's REQ_OP_* number and the name blk_op_str() prints
 * (include/linux/blk_types.h enum req_op, block/blk-core.c blk_op_name).
 */
public enum BioOp {
    READ(0, "READ"),
    WRITE(1, "WRITE"),
    /** Makes the writes completed before it durable; carries no data. */
    FLUSH(2, "FLUSH");

    private final int code;
    private final String linuxName;

    BioOp(int code, String linuxName) {
        this.code = code;
        this.linuxName = linuxName;
    }

    /** REQ_OP_READ 0, REQ_OP_WRITE 1, REQ_OP_FLUSH 2. */
    public int code() { return code; }

    /** The name blk_op_str() returns. */
    public String linuxName() { return linuxName; }
}
