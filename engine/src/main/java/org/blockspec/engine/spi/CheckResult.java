package org.blockspec.engine.spi;

/**
 * Outcome of an image consistency check (QEMU's BdrvCheckResult). Stable SPI.
 *
 * @param corruptions        inconsistencies that can harm data, left unrepaired
 * @param leaks              clusters allocated but unused, left unrepaired
 * @param checkErrors        the check itself could not read or write something
 * @param imageEndOffset     host offset past the last cluster in use
 * @param totalClusters      guest clusters of the virtual disk
 * @param allocatedClusters  guest clusters allocated in the image
 */
public record CheckResult(long corruptions, long leaks, long checkErrors, long corruptionsFixed, long leaksFixed,
                          long imageEndOffset, long totalClusters, long allocatedClusters, long fragmentedClusters,
                          long compressedClusters) {
}
