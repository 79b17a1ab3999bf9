package io.tokengate.gateway.web;

/** Checks on text that came from a request, before it goes near PostgreSQL or a UTF-8 encoder. */
public final class Text {

    private Text() {
    }

    /**
     * Whether {@code s} can be stored as it is: no NUL (PostgreSQL text refuses it with an error)
     * and no unpaired surrogate (UTF-8 cannot encode it; the JDBC driver would store {@code ?}).
     */
    public static boolean storable(String s) {
        return problem(s) == null;
    }

    /** What makes {@code s} unstorable ("a NUL character", "an unpaired surrogate"), or null. */
    public static String problem(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "a NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "an unpaired surrogate";
            }
        }
        return null;
    }

    /** {@code s} cut to 40 characters of printable ASCII, for an error detail that names a field. */
    public static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
