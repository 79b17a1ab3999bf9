package io.tokengate.vault;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.InvalidCardException;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.card.RawCardAccess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The plaintext inside a format-1 sealed card: a compact length-prefixed binary encoding, chosen
 * over Java serialization (a gadget-chain risk and unstable) and JSON (a parser and a dependency
 * for five fields). Integers are big-endian.
 *
 * <pre>
 *   1 byte   PAN length n (12..19)
 *   n bytes  PAN as ASCII digits
 *   1 byte   expiry month
 *   2 bytes  expiry year
 *   2 bytes  length m of the cardholder name in UTF-8 (0 = absent)
 *   m bytes  cardholder name, UTF-8
 * </pre>
 *
 * Decoding is strict (every byte must be consumed and every value must validate again), and any
 * failure is a {@link DecryptionFailedException}: the bytes were authenticated, so a failure here
 * means a bug or a forgery, and either way the caller learns nothing more.
 */
final class PayloadCodec {

    static final int MIN_BYTES = 1 + Pan.MIN_LENGTH + 3 + 2;
    static final int MAX_BYTES = 1 + Pan.MAX_LENGTH + 3 + 2 + CardPayload.MAX_NAME_CODE_POINTS * 4;

    private PayloadCodec() {
    }

    /** Encodes {@code payload}; the caller should wipe the result after use. */
    static byte[] encode(CardPayload payload) {
        byte[] pan = payload.pan().asciiDigits(RawCardAccess.get());
        String name = payload.cardholderName();
        byte[] nameBytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + pan.length + 3 + 2 + nameBytes.length];
        int p = 0;
        out[p++] = (byte) pan.length;
        System.arraycopy(pan, 0, out, p, pan.length);
        p += pan.length;
        Arrays.fill(pan, (byte) 0);
        out[p++] = (byte) payload.expiry().month();
        p = writeShort(out, p, payload.expiry().year());
        p = writeShort(out, p, nameBytes.length);
        System.arraycopy(nameBytes, 0, out, p, nameBytes.length);
        return out;
    }

    /**
     * Decodes what {@link #encode} produced.
     *
     * @throws DecryptionFailedException if the bytes are not a valid encoding
     */
    static CardPayload decode(byte[] in) {
        try {
            int p = 0;
            int panLength = in[p++] & 0xff;
            if (panLength < Pan.MIN_LENGTH || panLength > Pan.MAX_LENGTH) {
                throw new DecryptionFailedException();
            }
            Pan pan = Pan.parse(new String(in, p, panLength, StandardCharsets.US_ASCII));
            p += panLength;
            int month = in[p++] & 0xff;
            int year = readShort(in, p);
            p += 2;
            int nameLength = readShort(in, p);
            p += 2;
            if (p + nameLength != in.length) {
                throw new DecryptionFailedException();
            }
            String name = nameLength == 0 ? null : new String(in, p, nameLength, StandardCharsets.UTF_8);
            return new CardPayload(pan, new Expiry(month, year), name);
        } catch (InvalidCardException | IndexOutOfBoundsException e) {
            throw new DecryptionFailedException();
        }
    }

    private static int writeShort(byte[] out, int p, int value) {
        out[p] = (byte) (value >>> 8);
        out[p + 1] = (byte) value;
        return p + 2;
    }

    private static int readShort(byte[] in, int p) {
        return ((in[p] & 0xff) << 8) | (in[p + 1] & 0xff);
    }
}
