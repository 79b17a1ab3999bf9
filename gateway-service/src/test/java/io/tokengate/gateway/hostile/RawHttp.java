package io.tokengate.gateway.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 written by hand over a socket, for what the JDK HttpClient refuses to send: invalid
 * UTF-8 in the request line or body, a header twice, a malformed request line, a lying
 * Content-Length. Every request is sent with {@code Connection: close} unless it says otherwise,
 * and the answer is read until the server closes the connection or the declared length is in.
 */
final class RawHttp {

    private final int port;
    private final InetAddress local;

    RawHttp(int port, InetAddress local) {
        this.port = port;
        this.local = local;
    }

    /** One answer: status line, headers in order (repeated names kept), body bytes. */
    record Response(int status, List<String[]> headers, byte[] body) {

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Starts a request: {@code method target HTTP/1.1} plus Host, nothing else yet. */
    static Builder request(String method, String target) {
        return new Builder().line(method + " " + target + " HTTP/1.1").header("Host", "localhost");
    }

    static final class Builder {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private byte[] body = new byte[0];
        private boolean contentLength = true;

        Builder line(String requestLine) {
            return raw(requestLine.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** A request line or header line as exact bytes (CRLF appended). */
        Builder raw(byte[] line) {
            head.writeBytes(line);
            head.writeBytes(new byte[] {'\r', '\n'});
            return this;
        }

        Builder header(String name, String value) {
            return raw((name + ": " + value).getBytes(StandardCharsets.UTF_8));
        }

        Builder body(String contentType, byte[] bytes) {
            header("Content-Type", contentType);
            this.body = bytes;
            return this;
        }

        /** Leaves out the Content-Length header (the caller writes its own, or none). */
        Builder noContentLength() {
            this.contentLength = false;
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toByteArray());
            if (contentLength && (body.length > 0)) {
                out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }

    Response send(Builder request) {
        return send(request.bytes());
    }

    Response send(byte[] request) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before it has read a large body: read what it said.
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP answer, got: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        List<String[]> headers = new ArrayList<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
        }
        String length = value(headers, "Content-Length");
        String encoding = value(headers, "Transfer-Encoding");
        byte[] body;
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = readQuietly(in);
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                break;
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                break;
            }
            out.writeBytes(in.readNBytes(n));
            line(in);
        }
        return out.toByteArray();
    }

    private static byte[] readQuietly(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String value(List<String[]> headers, String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                buffer.write(b);
            }
        }
        if (b < 0 && buffer.size() == 0) {
            return null;
        }
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }
}
