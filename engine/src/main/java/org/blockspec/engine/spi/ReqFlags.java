package org.blockspec.engine.spi;

/**
 * Per-request flags (QEMU's BdrvRequestFlags subset). Stable SPI.
 *
 * @param fua           write through to stable storage before completing
 * @param mayUnmap      a zero-write may deallocate instead of writing zeroes
 * @param writeUnchanged the write does not change guest-visible data (needs only WRITE_UNCHANGED)
 * @param noFallback    a zero-write must fail with ENOTSUP rather than write explicit zeroes
 */
public record ReqFlags(boolean fua, boolean mayUnmap, boolean writeUnchanged, boolean noFallback) {
    public static final ReqFlags NONE = new ReqFlags(false, false, false, false);
    public static final ReqFlags WRITE_UNCHANGED = new ReqFlags(false, false, true, false);

    public ReqFlags withFua(boolean v) { return new ReqFlags(v, mayUnmap, writeUnchanged, noFallback); }

    public ReqFlags withMayUnmap(boolean v) { return new ReqFlags(fua, v, writeUnchanged, noFallback); }

    public ReqFlags withNoFallback(boolean v) { return new ReqFlags(fua, mayUnmap, writeUnchanged, v); }
}
