package io.tokengate.gateway.ops;

import io.tokengate.gateway.security.Actors;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Ops user management: admins create further admins and auditors. */
@RestController
@RequestMapping(path = "/ops/users", produces = "application/json")
class OpsUserController {

    record CreateOpsUser(String username, String password, String role) {
        @Override
        public String toString() {
            return "CreateOpsUser[" + username + ", " + role + "]";
        }
    }

    private final OpsUsers users;

    OpsUserController(OpsUsers users) {
        this.users = users;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    OpsUsers.OpsUser create(@RequestBody CreateOpsUser body, HttpServletRequest request) {
        return users.create(body.username(), body.password(), body.role(), Actors.current(request));
    }

    @GetMapping
    Map<String, Object> list() {
        List<OpsUsers.OpsUser> data = users.list();
        return Map.of("object", "list", "data", data, "has_more", false);
    }
}
