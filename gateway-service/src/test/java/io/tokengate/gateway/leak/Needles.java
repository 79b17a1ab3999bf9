package io.tokengate.gateway.leak;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The values that must never leave the gateway in plaintext, each with the forms a careless encoder
 * turns it into. A card number is looked for as typed, grouped with spaces or dashes, as hex of its
 * digits, base64 at every byte alignment (so it is found inside a longer base64 blob too) and in
 * UTF-16; a secret as typed, as hex and as base64; a CVC only next to a word that names it, because
 * three digits on their own occur everywhere.
 *
 * <p>Every form has a Java pattern (logs, HTTP traffic, column values; bytes are read as ISO-8859-1,
 * one char per byte) and a PostgreSQL regular expression (the database prefilter, which sees bytea as
 * lower-case hex).
 */
final class Needles {

    /** One searchable form of one needle. */
    record Form(String needle, String form, Pattern java, String postgres) {
    }

    private final List<Form> forms = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    /** A card number: all its forms. */
    Needles pan(String name, String digits) {
        literal(name, "plain", digits);
        literal(name, "spaced", group(digits, " "));
        literal(name, "dashed", group(digits, "-"));
        literal(name, "hex", HexFormat.of().formatHex(digits.getBytes(StandardCharsets.US_ASCII)));
        literal(name, "HEX", HexFormat.of().withUpperCase().formatHex(digits.getBytes(StandardCharsets.US_ASCII)));
        base64(name, digits.getBytes(StandardCharsets.US_ASCII));
        utf16(name, digits, StandardCharsets.UTF_16LE, "utf-16le");
        utf16(name, digits, StandardCharsets.UTF_16BE, "utf-16be");
        return this;
    }

    /** A secret (API key, webhook signing secret, password, one-time code): as typed, hex and base64. */
    Needles secret(String name, String value) {
        literal(name, "plain", value);
        literal(name, "hex", HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)));
        base64(name, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A value looked for only as typed (token values in logs). */
    Needles plain(String name, String value) {
        literal(name, "plain", value);
        return this;
    }

    /**
     * A CVC: its digits, not part of a longer number, within 80 characters after a word that names a
     * card security code (cvc, cvv, cvn, csc, security code), in either case.
     */
    Needles cvc(String name, String digits) {
        String regex = "([cC][vV][cCvVnN]|[cC][sS][cC]|[sS][eE][cC][uU][rR][iI][tT][yY].?[cC][oO][dD][eE])"
                + ".{0,80}[^0-9]" + digits + "([^0-9]|$)";
        add(name, "next to its label", Pattern.compile(regex, Pattern.DOTALL), regex);
        return this;
    }

    List<Form> forms() {
        return List.copyOf(forms);
    }

    /** The needle forms found in {@code haystack}, as "needle (form)". */
    List<String> find(String haystack) {
        if (haystack == null || haystack.isEmpty()) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (Form f : forms) {
            if (f.java().matcher(haystack).find()) {
                found.add(f.needle() + " (" + f.form() + ")");
            }
        }
        return found;
    }

    /** Same, over raw bytes read one char per byte. */
    List<String> find(byte[] bytes) {
        return bytes == null ? List.of() : find(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** One PostgreSQL regex matching any form, in text or as the hex PostgreSQL shows bytea in. */
    String postgresAlternation() {
        return forms.stream().map(Form::postgres).map(p -> "(" + p + ")").collect(Collectors.joining("|"));
    }

    private void literal(String name, String form, String value) {
        String hexOfBytes = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
        add(name, form, Pattern.compile(Pattern.quote(value)), escape(value) + "|" + hexOfBytes);
    }

    /**
     * Base64 of the value preceded by 0, 1 or 2 other bytes: only the characters whose six bits all
     * come from the value are kept, so the form matches wherever the value sits in a longer blob.
     * Standard and URL-safe alphabets.
     */
    private void base64(String name, byte[] value) {
        for (int offset = 0; offset < 3; offset++) {
            byte[] padded = new byte[offset + value.length];
            System.arraycopy(value, 0, padded, offset, value.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
            int first = (offset * 8 + 5) / 6;
            int last = (offset * 8 + value.length * 8) / 6;
            String core = encoded.substring(first, Math.min(last, encoded.length()));
            literal(name, "base64+" + offset, core);
            String urlSafe = core.replace('+', '-').replace('/', '_');
            if (!urlSafe.equals(core)) {
                literal(name, "base64url+" + offset, urlSafe);
            }
        }
    }

    private void utf16(String name, String value, Charset charset, String label) {
        byte[] bytes = value.getBytes(charset);
        // As chars (one per byte) for logs, traffic and bytea; as hex for the database prefilter (text
        // columns cannot hold the NUL bytes, bytea shows as hex).
        add(name, label, Pattern.compile(Pattern.quote(new String(bytes, StandardCharsets.ISO_8859_1))),
                HexFormat.of().formatHex(bytes));
    }

    private void add(String name, String form, Pattern java, String postgres) {
        names.add(name);
        forms.add(new Form(name, form, java, postgres));
    }

    private static String group(String digits, String separator) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 4) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(digits, i, Math.min(i + 4, digits.length()));
        }
        return b.toString();
    }

    private static String escape(String literal) {
        StringBuilder b = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return forms.size() + " forms of " + String.join(", ", names);
    }
}
