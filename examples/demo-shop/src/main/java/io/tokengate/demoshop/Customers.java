package io.tokengate.demoshop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What the shop remembers: per customer the saved card (the TokenGate token plus its display
 * fields, never a card number) and the orders; and which checkout session belongs to which order.
 *
 * <p>In memory, because this is a demo: a real shop keeps these rows in its own database, with the
 * token in the customer's row. A token is worthless without the shop's secret key, so a leak of
 * that table hands out nothing that charges a card.
 */
@Component
public class Customers {

    /** The card on file: the token to charge, and what to show the shopper. */
    public record SavedCard(String token, String brand, String last4, int expMonth, int expYear) {

        public String label() {
            return brand + " •••• " + last4 + " (" + "%02d/%d".formatted(expMonth, expYear) + ")";
        }
    }

    /** One order and its charge (null until paid); refunded is in minor units. */
    public record Order(String id, String customerId, long amount, String currency, String checkoutSession,
                        String charge, String status, long refunded) {

        Order with(String charge, String status, long refunded) {
            return new Order(id, customerId, amount, currency, checkoutSession, charge, status, refunded);
        }
    }

    private final Map<String, SavedCard> cards = new ConcurrentHashMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, String> orderBySession = new ConcurrentHashMap<>();

    public Optional<SavedCard> card(String customerId) {
        return Optional.ofNullable(cards.get(customerId));
    }

    public void saveCard(String customerId, SavedCard card) {
        cards.put(customerId, card);
    }

    public void addOrder(Order order) {
        orders.put(order.id(), order);
        if (order.checkoutSession() != null) {
            orderBySession.put(order.checkoutSession(), order.id());
        }
    }

    public Optional<Order> order(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    /** The order a checkout session was opened for: only sessions this shop created are accepted back. */
    public Optional<Order> orderOfSession(String sessionId) {
        return Optional.ofNullable(sessionId).map(orderBySession::get).map(orders::get);
    }

    public void update(Order order) {
        orders.put(order.id(), order);
    }

    /** The customer's orders, newest first. */
    public List<Order> orders(String customerId) {
        List<Order> mine = new ArrayList<>(orders.values().stream().filter(o -> o.customerId().equals(customerId))
                .toList());
        mine.sort((a, b) -> b.id().compareTo(a.id()));
        return mine;
    }
}
