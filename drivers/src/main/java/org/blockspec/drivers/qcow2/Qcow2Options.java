package org.blockspec.drivers.qcow2;

import java.util.List;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * qcow2's runtime options (QAPI BlockdevOptionsQcow2), validated once at open, and the
 * metadata cache sizes QEMU's read_cache_sizes derives from them.
 *
 * @param overlapCheck         check data writes against metadata (any overlap-check but none)
 * @param l2CacheEntries       L2 cache capacity in entries of {@code l2EntryBytes}
 * @param refcountCacheEntries refcount block cache capacity in clusters
 * @param discardsPassed       frees that discard the clusters in the file too
 */
record Qcow2Options(boolean lazyRefcounts, boolean overlapCheck, int l2EntryBytes, long l2CacheEntries,
                    long refcountCacheEntries, java.util.Set<FreeReason> discardsPassed) {
    /** QEMU 7.2's default upper bound of the L2 cache. */
    static final long DEFAULT_L2_CACHE_MAX = 32L << 20;
    private static final long MIN_L2_CACHE_ENTRIES = 2;
    private static final long MIN_REFCOUNT_CACHE_CLUSTERS = 4;

    static List<OptionField> schema() {
        return List.of(
                OptionField.required("file", OptionType.NODE_REF),
                OptionField.optional("backing", OptionType.NODE_REF_OR_NULL),
                OptionField.optional("lazy-refcounts", OptionType.BOOL),
                OptionField.optional("pass-discard-request", OptionType.BOOL),
                OptionField.optional("pass-discard-snapshot", OptionType.BOOL),
                OptionField.optional("pass-discard-other", OptionType.BOOL),
                OptionField.optional("overlap-check",
                        OptionType.enumOf("Qcow2OverlapCheckMode", "none", "constant", "cached", "all")),
                OptionField.optional("cache-size", OptionType.INT),
                OptionField.optional("l2-cache-size", OptionType.INT),
                OptionField.optional("l2-cache-entry-size", OptionType.INT),
                OptionField.optional("refcount-cache-size", OptionType.INT),
                OptionField.optional("cache-clean-interval", OptionType.INT),
                OptionField.optional("encrypt", new OptionType.Struct("BlockdevQcow2Encryption", List.of(
                        OptionField.required("format", OptionType.enumOf("BlockdevQcow2EncryptionFormat", "aes", "luks")),
                        OptionField.optional("key-secret", OptionType.STR)))),
                OptionField.optional("data-file", OptionType.NODE_REF));
    }

    /** Options for an image the driver opens itself (while creating one). */
    static Qcow2Options defaults(Qcow2Header h) throws BlockException {
        return parse(OptionValues.EMPTY, h, false);
    }

    /** @param unmap the node has discard=unmap, the default of pass-discard-request */
    static Qcow2Options parse(OptionValues v, Qcow2Header h, boolean unmap) throws BlockException {
        Geometry g = h.geometry();
        int cs = g.clusterSize();
        long diskClusters = (h.size() + cs - 1) / cs;
        long maxL2Cache = (diskClusters * 8 + cs - 1) / cs * cs;
        boolean combinedSet = v.has("cache-size");
        boolean l2Set = v.has("l2-cache-size");
        boolean refcountSet = v.has("refcount-cache-size");
        long combined = nonNegative(v, "cache-size", 0);
        long l2Max = nonNegative(v, "l2-cache-size", DEFAULT_L2_CACHE_MAX);
        long refcountCache = nonNegative(v, "refcount-cache-size", 0);
        long entryBytes = nonNegative(v, "l2-cache-entry-size", cs);
        long l2Cache = Math.min(maxL2Cache, l2Max);
        long minRefcountCache = MIN_REFCOUNT_CACHE_CLUSTERS * cs;
        if (combinedSet) {
            if (l2Set && refcountSet) {
                throw new BlockException("cache-size, l2-cache-size and refcount-cache-size may not be set at the same time");
            } else if (l2Set && l2Max > combined) {
                throw new BlockException("l2-cache-size may not exceed cache-size");
            } else if (refcountCache > combined) {
                throw new BlockException("refcount-cache-size may not exceed cache-size");
            }
            if (l2Set) {
                refcountCache = combined - l2Cache;
            } else if (refcountSet) {
                l2Cache = combined - refcountCache;
            } else if (combined >= maxL2Cache + minRefcountCache) {
                l2Cache = maxL2Cache;
                refcountCache = combined - l2Cache;
            } else {
                refcountCache = Math.min(combined, minRefcountCache);
                l2Cache = combined - refcountCache;
            }
        }
        // A cache that cannot cover the whole disk works better with small entries.
        if (l2Cache < maxL2Cache && !v.has("l2-cache-entry-size")) entryBytes = Math.min(cs, 4096);
        if (entryBytes < 512 || entryBytes > cs || Long.bitCount(entryBytes) != 1) {
            throw new BlockException("L2 cache entry size must be a power of two between 512 and the cluster size ("
                    + cs + ")");
        }
        long l2Entries = Math.max(MIN_L2_CACHE_ENTRIES, l2Cache / entryBytes);
        if (l2Entries > Integer.MAX_VALUE) throw new BlockException("L2 cache size too big");
        long refcountEntries = Math.max(MIN_REFCOUNT_CACHE_CLUSTERS, refcountCache / cs);
        if (refcountEntries > Integer.MAX_VALUE) throw new BlockException("Refcount cache size too big");
        if (nonNegative(v, "cache-clean-interval", 600) > 0xffff_ffffL) {
            throw new BlockException("Cache clean interval too big");
        }
        boolean lazy = v.bool("lazy-refcounts", h.lazyRefcounts());
        if (lazy && h.version() < 3) {
            throw new BlockException("Lazy refcounts require a qcow2 image with at least qemu 1.1 compatibility level");
        }
        OptionValues encrypt = v.struct("encrypt");
        if (h.cryptMethod() == 0 && encrypt.has("format")) {
            throw new BlockException("No encryption in image header, but options specified format '"
                    + encrypt.string("format") + "'");
        }
        if (h.cryptMethod() == 1 || h.cryptMethod() == 2) {
            // Encrypted images need a secret object, which blockspec does not have: QEMU's refusal without one.
            throw new BlockException("Parameter 'encrypt.key-secret' is required for cipher");
        }
        if (h.cryptMethod() != 0) throw new BlockException("Unsupported encryption method " + h.cryptMethod());
        java.util.Set<FreeReason> passed = java.util.EnumSet.of(FreeReason.ALWAYS);
        if (v.bool("pass-discard-request", unmap)) passed.add(FreeReason.REQUEST);
        if (v.bool("pass-discard-snapshot", true)) passed.add(FreeReason.SNAPSHOT);
        if (v.bool("pass-discard-other", false)) passed.add(FreeReason.OTHER);
        return new Qcow2Options(lazy, !v.enumValue("overlap-check", "cached").equals("none"), (int) entryBytes,
                l2Entries, refcountEntries, passed);
    }

    private static long nonNegative(OptionValues v, String name, long dflt) throws BlockException {
        long value = v.optInteger(name).orElse(dflt);
        if (value < 0) throw new BlockException("Parameter '" + name + "' expects a non-negative number below 2^64");
        return value;
    }
}
