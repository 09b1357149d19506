package org.kernellab.device.disk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The medium: a raw image file, sector n at byte offset n * 512. Opened on first use and
 * created then, sparse (its length is set, nothing is written), so a disk nobody uses leaves
 * no file behind. Every write goes to the file at once; a FLUSH forces it to stable storage.
 *
 * <p>Touched only by the model's simulated code (one execution at a time): no locking.
 */
final class Image {
    private final Path path;
    private final long bytes;
    private final String field;
    private FileChannel channel;

    /** {@code field}: the configuration field that named the path, for error messages. */
    Image(Path path, long capacitySectors, String field) {
        this.path = path;
        this.bytes = capacitySectors * 512;
        this.field = field;
    }

    Path path() { return path; }

    boolean isOpen() { return channel != null; }

    /** Opens the image, creating it sparse at the disk's size when it does not exist. */
    void open() {
        if (channel != null) return;
        try {
            Path dir = path.getParent();
            if (dir != null) Files.createDirectories(dir);
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                long length = f.length();
                if (length > bytes) {
                    throw new IllegalArgumentException(field + " '" + path + "' holds " + length + " bytes, more than capacity.sectors "
                            + bytes / 512 + " (" + bytes + " bytes): shrinking it would lose data; raise capacity.sectors or use another image");
                }
                if (length < bytes) f.setLength(bytes); // a hole: no block is written
            }
            channel = FileChannel.open(path, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException(field + " '" + path + "' cannot be opened as a disk image: " + e, e);
        }
    }

    /** Reads {@code len} bytes at {@code offset} into {@code dst[0..len)}. */
    void read(long offset, byte[] dst, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, 0, len);
        while (b.hasRemaining()) {
            int n = channel.read(b, offset + b.position());
            if (n < 0) { // past the end of a file someone truncated: reads as zeros, like a hole
                Arrays.fill(dst, b.position(), len, (byte) 0);
                return;
            }
        }
    }

    /** Writes {@code src[0..len)} at {@code offset}. */
    void write(long offset, byte[] src, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(src, 0, len);
        while (b.hasRemaining()) channel.write(b, offset + b.position());
    }

    void force() throws IOException {
        channel.force(false);
    }

    void close() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + field + " '" + path + "'", e);
        } finally {
            channel = null;
        }
    }
}
