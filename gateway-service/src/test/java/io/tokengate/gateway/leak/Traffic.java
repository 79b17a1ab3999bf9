package io.tokengate.gateway.leak;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every HTTP message the gateway sent during the flow: its answers to the test's clients and the
 * webhook requests it posted to the test's receiver. A needle is tolerated in exactly the exchanges
 * the API documents as returning it (the secret at key issue, the one-time code in the success
 * redirect), and only that needle there.
 */
final class Traffic {

    /** One message from the gateway: what answered (or was posted), its headers and body. */
    record Message(int seq, String what, Map<String, List<String>> headers, String body) {

        /** What the gateway wrote: headers and body (not the request line, which the test wrote). */
        String text() {
            StringBuilder b = new StringBuilder();
            headers.forEach((name, values) -> values.forEach(v -> b.append(name).append(": ").append(v).append('\n')));
            return b.append('\n').append(body == null ? "" : body).toString();
        }
    }

    private final List<Message> messages = new ArrayList<>();
    private final Map<Integer, Set<String>> allowed = new HashMap<>();

    synchronized void response(HttpResponse<String> response) {
        URI uri = response.request().uri();
        add(response.request().method() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " -> " + response.statusCode(), response.headers().map(), response.body());
    }

    synchronized void webhook(String path, Map<String, List<String>> headers, String body) {
        add("webhook POST " + path, headers, body);
    }

    private void add(String what, Map<String, List<String>> headers, String body) {
        messages.add(new Message(messages.size(), what, Map.copyOf(headers), body));
    }

    /** The latest message of either kind. */
    synchronized Message last() {
        return messages.getLast();
    }

    /**
     * The latest HTTP answer, to mark it as the documented place of a value. Webhooks are skipped:
     * they arrive on their own threads, so one may land between a request and this call.
     */
    synchronized Message lastAnswer() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (!messages.get(i).what().startsWith("webhook ")) {
                return messages.get(i);
            }
        }
        throw new IllegalStateException("no HTTP answer recorded");
    }

    /** Tolerates {@code needle} in {@code message} (and nowhere else). */
    synchronized void documents(Message message, String needle) {
        allowed.computeIfAbsent(message.seq(), k -> new HashSet<>()).add(needle);
    }

    synchronized int size() {
        return messages.size();
    }

    synchronized List<String> scan(Needles needles) {
        List<String> hits = new ArrayList<>();
        for (Message m : messages) {
            Set<String> tolerated = allowed.getOrDefault(m.seq(), Set.of());
            List<String> found = needles.find(m.text()).stream()
                    .filter(f -> tolerated.stream().noneMatch(n -> f.startsWith(n + " (")))
                    .toList();
            if (!found.isEmpty()) {
                hits.add("http #" + m.seq() + " " + m.what() + ": " + found);
            }
        }
        return hits;
    }
}
