package dev.ecrpublic.local.ecr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * An image layer holding one regular file: a POSIX ustar archive and its gzip encoding. Both are written byte by byte
 * so that their digests never change: the mtime is fixed, and the gzip stream stores the archive in a single
 * uncompressed deflate block instead of running it through zlib, whose output may differ between zlib versions.
 */
final class SingleFileLayer {
    private static final int BLOCK = 512;
    private static final int MAX_STORED_BLOCK = 0xFFFF;

    private final byte[] tar;
    private final byte[] gzip;

    private SingleFileLayer(byte[] tar) {
        this.tar = tar;
        this.gzip = gzip(tar);
    }

    static SingleFileLayer of(String name, byte[] content, Instant mtime) {
        return new SingleFileLayer(tar(name, content, mtime));
    }

    /** The uncompressed archive, whose digest is the layer's diff_id. */
    byte[] tar() {
        return tar.clone();
    }

    /** What the registry stores and serves. */
    byte[] gzip() {
        return gzip.clone();
    }

    /** A header block, the content padded to whole blocks, and the two zero blocks that end an archive. */
    private static byte[] tar(String name, byte[] content, Instant mtime) {
        byte[] header = new byte[BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length > 100) throw new IllegalArgumentException("ustar names hold 100 bytes: " + name);
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, content.length);
        octal(header, 136, 12, mtime.getEpochSecond());
        header[156] = '0';
        ascii(header, 257, "ustar\0");
        ascii(header, 263, "00");
        ascii(header, 265, "root");
        ascii(header, 297, "root");
        octal(header, 329, 8, 0);
        octal(header, 337, 8, 0);
        // The checksum is summed with its own field read as eight spaces, then written as six digits, NUL, space.
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) sum += b & 0xFF;
        ascii(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';

        int padded = (content.length + BLOCK - 1) / BLOCK * BLOCK;
        byte[] archive = new byte[BLOCK + padded + 2 * BLOCK];
        System.arraycopy(header, 0, archive, 0, BLOCK);
        System.arraycopy(content, 0, archive, BLOCK, content.length);
        return archive;
    }

    /** RFC 1952 framing (no name, mtime 0) around stored deflate blocks (RFC 1951, BTYPE 00). */
    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        int offset = 0;
        do {
            int length = Math.min(MAX_STORED_BLOCK, data.length - offset);
            boolean last = offset + length == data.length;
            out.write(last ? 1 : 0);
            littleEndian(out, length, 2);
            littleEndian(out, ~length & 0xFFFF, 2);
            out.write(data, offset, length);
            offset += length;
        } while (offset < data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        littleEndian(out, crc.getValue(), 4);
        littleEndian(out, data.length, 4);
        return out.toByteArray();
    }

    /** Zero-padded octal digits filling the field but its last byte, which stays NUL. */
    private static void octal(byte[] header, int offset, int width, long value) {
        ascii(header, offset, String.format("%0" + (width - 1) + "o", value));
    }

    private static void ascii(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static void littleEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) out.write((int) (value >>> (8 * i)) & 0xFF);
    }
}
