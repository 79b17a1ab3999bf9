package io.tokengate.demoshop;

import io.tokengate.demoshop.Customers.Order;
import io.tokengate.demoshop.Customers.SavedCard;
import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.TokenGateClient;
import io.tokengate.sdk.exception.CardDeclinedException;
import io.tokengate.sdk.exception.TokenGateException;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.model.CheckoutCompletion;
import io.tokengate.sdk.model.CheckoutSession;
import io.tokengate.sdk.model.Refund;
import io.tokengate.sdk.model.TokenControls;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.CheckoutSessionCompleteParams;
import io.tokengate.sdk.param.CheckoutSessionCreateParams;
import io.tokengate.sdk.param.RefundCreateParams;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The retailer's side of the flow, the part a shop copies: open a hosted checkout and redirect,
 * exchange the return code on the server, keep the token, charge it again without the shopper,
 * refund. Every money-moving call carries an idempotency key derived from the shop's own order id,
 * so a double-clicked button or a retried request never charges twice.
 */
@Controller
class ShopController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ShopController.class);

    private final TokenGateClient tokenGate;
    private final ShopProperties shop;
    private final Customers customers;
    private final CustomerCookie cookie;

    ShopController(TokenGateClient tokenGate, ShopProperties shop, Customers customers, CustomerCookie cookie) {
        this.tokenGate = tokenGate;
        this.shop = shop;
        this.customers = customers;
        this.cookie = cookie;
    }

    @GetMapping("/")
    String index(@RequestParam(required = false) String cancelled, Model model) {
        if (cancelled != null) {
            model.addAttribute("notice", "Payment cancelled; nothing was charged.");
        }
        return page(model);
    }

    /** "Pay": a checkout session in payment mode for a new order, then off to the hosted page. */
    @PostMapping("/pay")
    ResponseEntity<Void> pay() {
        String customer = cookie.current();
        Order order = new Order(OrderIds.next(), customer, shop.product().price(), shop.product().currency(), null,
                null, "awaiting_payment", 0);
        CheckoutSession session = tokenGate.checkoutSessions().create(CheckoutSessionCreateParams.builder()
                .mode(CheckoutSessionCreateParams.Mode.PAYMENT)
                .amount(order.amount())
                .currency(order.currency())
                .successUrl(shop.publicUrl() + "/checkout/return")
                .cancelUrl(shop.publicUrl() + "/?cancelled")
                .merchantReference(order.id())
                // Keep the card for "pay again": merchant-initiated charges need channel any.
                .tokenControls(TokenControls.builder().usage(TokenControls.MULTI_USE).channel(TokenControls.ANY)
                        .build())
                .build());
        customers.addOrder(new Order(order.id(), customer, order.amount(), order.currency(), session.id(), null,
                order.status(), 0));
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(session.url())).build();
    }

    /** The shopper is back: exchange the code on the server, keep the token, show the saved card. */
    @GetMapping("/checkout/return")
    String checkoutReturn(@RequestParam("session_id") String sessionId, @RequestParam String code, Model model) {
        Order order = customers.orderOfSession(sessionId).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "This shop did not open that checkout."));
        if (order.charge() == null) {
            CheckoutCompletion done = tokenGate.checkoutSessions().complete(sessionId,
                    CheckoutSessionCompleteParams.builder().code(code).build());
            var card = done.token().card();
            customers.saveCard(order.customerId(), new SavedCard(done.token().token(), card.brand(), card.last4(),
                    card.expMonth(), card.expYear()));
            order = order.with(done.charge().id(), done.charge().status(), 0);
            customers.update(order);
        }
        model.addAttribute("order", order);
        model.addAttribute("amount", Money.format(order.amount(), order.currency()));
        model.addAttribute("card", customers.card(order.customerId()).orElseThrow());
        return "shop/return";
    }

    /**
     * "Pay again": charge the saved token without the shopper (merchant-initiated). The order id
     * was minted when the page was rendered, so a double submit reuses the same idempotency key.
     */
    @PostMapping("/pay-again")
    String payAgain(@RequestParam("order") String orderId, Model model) {
        String customer = cookie.current();
        SavedCard card = customers.card(customer).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.CONFLICT, "No saved card; pay once first."));
        if (!OrderIds.isValid(orderId)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Bad order id.");
        }
        if (customers.order(orderId).isEmpty()) {
            try {
                Charge charge = tokenGate.charges().create(ChargeCreateParams.builder()
                                .token(card.token())
                                .amount(shop.product().price())
                                .currency(shop.product().currency())
                                .channel(ChargeCreateParams.Channel.MERCHANT_INITIATED)
                                .reference(orderId)
                                .build(),
                        RequestOptions.builder().idempotencyKey("pay-again-" + orderId).build());
                customers.addOrder(new Order(orderId, customer, charge.amount(), charge.currency(), null, charge.id(),
                        charge.status(), 0));
                model.addAttribute("notice", "Charged " + Money.format(charge.amount(), charge.currency()) + " to "
                        + card.label() + ".");
            } catch (CardDeclinedException e) {
                model.addAttribute("error", "Your card was declined (" + e.getDeclineCode() + "). Pay with another "
                        + "card.");
            }
        }
        return page(model);
    }

    /** "Refund": the whole order, once (the idempotency key is the order's). */
    @PostMapping("/refund")
    String refund(@RequestParam("order") String orderId, Model model) {
        Order order = customers.order(orderId).filter(o -> o.customerId().equals(cookie.current()))
                .filter(o -> o.charge() != null)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such paid order."));
        Refund refund = tokenGate.refunds().create(RefundCreateParams.builder().charge(order.charge())
                        .reason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER).build(),
                RequestOptions.builder().idempotencyKey("refund-" + order.id()).build());
        if ("succeeded".equals(refund.status())) {
            customers.update(order.with(order.charge(), "refunded", refund.amount()));
            model.addAttribute("notice", "Refunded " + Money.format(refund.amount(), refund.currency()) + ".");
        } else {
            model.addAttribute("error", "The refund was refused (" + refund.failureCode() + ").");
        }
        return page(model);
    }

    @GetMapping(path = "/healthz", produces = "text/plain")
    @ResponseBody
    String health() {
        return "ok";
    }

    /** A gateway refusal the shopper can do nothing about: say so, with the request id for support. */
    @org.springframework.web.bind.annotation.ExceptionHandler(TokenGateException.class)
    String paymentServiceError(TokenGateException e, Model model) {
        // The SDK's message says how to fix it and never holds the key, a token or card data.
        log.warn("TokenGate call failed: {}", e.getMessage());
        model.addAttribute("error", "The payment service refused the request (" + e.getCode() + "). Reference: "
                + e.getRequestId());
        return page(model);
    }

    private String page(Model model) {
        String customer = cookie.current();
        model.addAttribute("product", shop.product());
        model.addAttribute("price", Money.format(shop.product().price(), shop.product().currency()));
        model.addAttribute("card", customers.card(customer).orElse(null));
        model.addAttribute("orders", customers.orders(customer).stream()
                .map(o -> new OrderLine(o, Money.format(o.amount(), o.currency()))).toList());
        model.addAttribute("nextOrder", OrderIds.next());
        return "shop/index";
    }

    /** An order with its amount formatted for display. */
    record OrderLine(Order order, String amount) {
    }
}
