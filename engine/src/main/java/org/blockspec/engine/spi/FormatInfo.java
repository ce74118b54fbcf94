package org.blockspec.engine.spi;

import java.util.Map;

/**
 * What an image format tells about an opened image (QEMU's bdrv_get_info and
 * bdrv_get_specific_info), for query-named-block-nodes and the image tool's info. Stable SPI.
 *
 * @param clusterSize  allocation unit in bytes, or 0 when the format has none
 * @param dirty        metadata may be stale (qcow2's dirty bit)
 * @param vmStateOffset where saved VM state would start (qcow2: past the last L1 entry's reach), or 0
 * @param specificType the {@code format-specific} union tag, e.g. {@code qcow2}; null for none
 * @param specific     the {@code format-specific} data, keys in QAPI member order
 * @param backing      the backing image named by the image's metadata, or null
 */
public record FormatInfo(long clusterSize, boolean dirty, long vmStateOffset, String specificType, Map<String, Object> specific,
                         BackingFile backing) {
    public FormatInfo {
        specific = specific == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(specific));
    }
}
