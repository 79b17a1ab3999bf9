package io.tokengate.gateway.checkout;

import io.tokengate.gateway.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The hosted checkout pages: plain HTML forms, no script. Card fields are read here and handed
 * to the flow as a {@link CardForm}; they are never bound to a model, logged or rendered back.
 */
@Controller
@RequestMapping(path = "/checkout", produces = "text/html")
class CheckoutPageController {

    private final CheckoutFlow flow;
    private final CheckoutPages pages;

    CheckoutPageController(CheckoutFlow flow, CheckoutPages pages) {
        this.flow = flow;
        this.pages = pages;
    }

    @GetMapping("/{id}")
    ModelAndView page(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        return pages.render(flow.show(id, ClientAddress.of(request)), request, response);
    }

    @PostMapping(path = "/{id}", consumes = "application/x-www-form-urlencoded")
    ModelAndView submitCard(@PathVariable String id,
                            @RequestParam(name = "card_number", required = false) String number,
                            @RequestParam(name = "exp_month", required = false) String expMonth,
                            @RequestParam(name = "exp_year", required = false) String expYear,
                            @RequestParam(name = "cvc", required = false) String cvc,
                            @RequestParam(name = "cardholder_name", required = false) String name,
                            HttpServletRequest request, HttpServletResponse response) {
        CardForm form = new CardForm(number, expMonth, expYear, cvc, name);
        return pages.render(flow.submitCard(id, form, ClientAddress.of(request)), request, response);
    }

    @GetMapping("/{id}/challenge")
    ModelAndView challenge(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        return pages.render(flow.showChallenge(id, ClientAddress.of(request)), request, response);
    }

    @PostMapping(path = "/{id}/challenge", consumes = "application/x-www-form-urlencoded")
    ModelAndView submitPasscode(@PathVariable String id,
                                @RequestParam(name = "passcode", required = false) String passcode,
                                HttpServletRequest request, HttpServletResponse response) {
        return pages.render(flow.submitPasscode(id, passcode, ClientAddress.of(request)), request, response);
    }

    @PostMapping("/{id}/cancel")
    ModelAndView cancel(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        return pages.render(flow.cancel(id, ClientAddress.of(request)), request, response);
    }
}
