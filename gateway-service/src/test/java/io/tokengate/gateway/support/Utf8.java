package io.tokengate.gateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Request bodies that are UTF-8 text around raw bytes: how tests send what no Java string can hold. */
public final class Utf8 {

    private Utf8() {
    }

    /** {@code before} and {@code after} as UTF-8, with {@code middle} between them as it is. */
    public static byte[] around(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
