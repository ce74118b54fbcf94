package org.blockspec.engine.graph;

/**
 * An image file opened the way qemu-img and qemu-io open their arguments: a format node
 * (given or probed) on a file node, its backing chain as its header names it.
 *
 * @param nodeName   name of the format node, null for an auto-name
 * @param filename   the image file, or a {@code json:} pseudo-filename
 * @param format     driver of the format node, null to probe the file
 * @param readOnly   open read-only (and so the file)
 * @param forceShare force-share=on (needs read-only)
 * @param noBacking  leave the backing chain closed (QEMU's BDRV_O_NO_BACKING)
 * @param noIo       only metadata is looked at (BDRV_O_NO_IO, qemu-img info)
 * @param forCheck   opened to be checked and repaired (BDRV_O_CHECK)
 * @param unmap      discard=unmap: guest discards free host storage (qemu-io's default)
 * @param backing    name of an existing node to use as backing instead of the one the image
 *                   names, or null
 */
public record ImageRequest(String nodeName, String filename, String format, boolean readOnly, boolean forceShare,
                           boolean noBacking, boolean noIo, boolean forCheck, boolean unmap, String backing) {
    public static ImageRequest of(String nodeName, String filename, String format, boolean readOnly) {
        return new ImageRequest(nodeName, filename, format, readOnly, false, false, false, false, false, null);
    }

    public ImageRequest withBacking(String node) {
        return new ImageRequest(nodeName, filename, format, readOnly, forceShare, noBacking, noIo, forCheck, unmap, node);
    }

    public ImageRequest withForceShare(boolean v) {
        return new ImageRequest(nodeName, filename, format, readOnly, v, noBacking, noIo, forCheck, unmap, backing);
    }

    public ImageRequest withNoBacking(boolean v) {
        return new ImageRequest(nodeName, filename, format, readOnly, forceShare, v, noIo, forCheck, unmap, backing);
    }

    public ImageRequest withNoIo(boolean v) {
        return new ImageRequest(nodeName, filename, format, readOnly, forceShare, noBacking, v, forCheck, unmap, backing);
    }

    public ImageRequest withForCheck(boolean v) {
        return new ImageRequest(nodeName, filename, format, readOnly, forceShare, noBacking, noIo, v, unmap, backing);
    }

    public ImageRequest withUnmap(boolean v) {
        return new ImageRequest(nodeName, filename, format, readOnly, forceShare, noBacking, noIo, forCheck, v, backing);
    }
}
