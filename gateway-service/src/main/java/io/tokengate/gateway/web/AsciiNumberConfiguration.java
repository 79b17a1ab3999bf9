package io.tokengate.gateway.web;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in query parameters and path segments are ASCII digits only. The default editors
 * ({@link Integer#decode(String)}) accept any Unicode digit, so {@code ?limit=１０} (full-width) or
 * Arabic-Indic digits would quietly mean 10. A custom editor is the only hook the binder tries
 * before its default editor (a refused converter falls back to it); a refusal becomes 400
 * parameter_invalid.
 */
@ControllerAdvice
final class AsciiNumberConfiguration {

    @InitBinder
    void asciiNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(Integer.class, new AsciiNumber(true));
        binder.registerCustomEditor(int.class, new AsciiNumber(true));
        binder.registerCustomEditor(Long.class, new AsciiNumber(false));
        binder.registerCustomEditor(long.class, new AsciiNumber(false));
    }

    private static final Pattern ASCII_INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private static final class AsciiNumber extends PropertyEditorSupport {
        private final boolean integer;

        AsciiNumber(boolean integer) {
            this.integer = integer;
        }

        @Override
        public void setAsText(String text) {
            String s = text == null ? "" : text.strip();
            if (s.isEmpty()) {
                setValue(null);
                return;
            }
            if (!ASCII_INTEGER.matcher(s).matches()) {
                throw new IllegalArgumentException("not an ASCII integer");
            }
            long value = Long.parseLong(s);
            if (integer && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
                throw new IllegalArgumentException("out of range");
            }
            setValue(integer ? Integer.valueOf((int) value) : Long.valueOf(value));
        }
    }
}
