package io.tokengate.gateway.leak;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything the gateway logs while open, from every thread (request threads, the webhook worker,
 * the re-wrap and containment jobs): each event's logger, level, formatted message, MDC, arguments
 * and full stack trace (exception messages included). The gateway's own loggers are lowered to DEBUG
 * meanwhile, so a value logged only at DEBUG is caught too; whatever reaches stdout or stderr without
 * Logback is captured as well.
 */
final class LogCapture implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Logger root;
    private final Logger gateway;
    private final Level gatewayLevel;
    private final AppenderBase<ILoggingEvent> appender;
    private final PrintStream out;
    private final PrintStream err;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        gateway = context.getLogger("io.tokengate");
        gatewayLevel = gateway.getLevel();
        gateway.setLevel(Level.DEBUG);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ')
                        .append(event.getLoggerName()).append(" [").append(event.getThreadName()).append("] ")
                        .append(event.getFormattedMessage());
                event.getMDCPropertyMap().forEach((k, v) -> line.append(" mdc:").append(k).append('=').append(v));
                if (event.getArgumentArray() != null) {
                    for (Object arg : event.getArgumentArray()) {
                        line.append(" arg:").append(arg);
                    }
                }
                IThrowableProxy thrown = event.getThrowableProxy();
                if (thrown != null) {
                    line.append('\n').append(ThrowableProxyUtil.asString(thrown));
                }
                synchronized (lines) {
                    lines.add(line.toString());
                }
            }
        };
        appender.setContext(context);
        appender.setName("leak-scan");
        appender.start();
        root.addAppender(appender);
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
    }

    /** Log events so far, one string each, then what went to stdout/stderr as one more. */
    List<String> lines() {
        List<String> all;
        synchronized (lines) {
            all = new ArrayList<>(lines);
        }
        synchronized (console) {
            all.add("console: " + console.toString(StandardCharsets.UTF_8));
        }
        return all;
    }

    int events() {
        synchronized (lines) {
            return lines.size();
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        root.detachAppender(appender);
        appender.stop();
        gateway.setLevel(gatewayLevel);
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (console) {
                    console.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (console) {
                    console.write(b, off, len);
                }
            }
        };
    }
}
