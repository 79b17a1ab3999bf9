package io.tokengate.gateway.web;

import tools.jackson.databind.DatabindException;

/** Renders a Jackson error path as the dotted field name a caller wrote ({@code controls.max_amount}). */
final class JsonPaths {

    private JsonPaths() {
    }

    static String of(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
