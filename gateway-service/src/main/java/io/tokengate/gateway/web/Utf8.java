package io.tokengate.gateway.web;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Whether bytes are well-formed UTF-8 (Unicode Table 3-7), without decoding them: no overlong forms
 * ({@code C0 AF}), no encoded surrogates ({@code ED A0 80}), nothing above U+10FFFF, no stray or
 * missing continuation bytes, no truncated sequence at the end. Accepts exactly what the JDK's
 * UTF-8 decoder accepts with {@code CodingErrorAction.REPORT} (a test compares the two).
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    static boolean valid(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n) {
            // ASCII, eight bytes at a time: the whole of a typical API body.
            while (i + 8 <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= n) {
                break;
            }
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
            } else if (c < 0xc2) {
                return false; // a continuation byte where a character starts, or an overlong C0/C1 lead
            } else if (c < 0xe0) {
                if (i + 1 >= n || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xf0) {
                if (i + 2 >= n || !second(c, b[i + 1] & 0xff) || !continuation(b[i + 2])) {
                    return false;
                }
                i += 3;
            } else if (c < 0xf5) {
                if (i + 3 >= n || !second(c, b[i + 1] & 0xff) || !continuation(b[i + 2])
                        || !continuation(b[i + 3])) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The second byte's range narrows for the leads whose plain range would allow overlongs, surrogates or > U+10FFFF. */
    private static boolean second(int lead, int c1) {
        return switch (lead) {
            case 0xe0 -> c1 >= 0xa0 && c1 <= 0xbf;
            case 0xed -> c1 >= 0x80 && c1 <= 0x9f;
            case 0xf0 -> c1 >= 0x90 && c1 <= 0xbf;
            case 0xf4 -> c1 >= 0x80 && c1 <= 0x8f;
            default -> c1 >= 0x80 && c1 <= 0xbf;
        };
    }

    private static boolean continuation(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
