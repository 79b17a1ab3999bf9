package io.tokengate.gateway.ops;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ops credentials: their own table, roles {@code admin} (acts) and {@code auditor} (reads), and
 * password hashes from Spring Security's delegating encoder. Merchant keys never log in here.
 */
@Service
public class OpsUsers implements UserDetailsService {

    static final int MIN_PASSWORD_LENGTH = 12;

    /** An ops user as listed; never the password hash. */
    public record OpsUser(String username, String role, String status, String createdBy, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    OpsUsers(JdbcClient jdbc, PasswordEncoder encoder, AuditLog audit) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.audit = audit;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("SELECT username, password_hash, role, status FROM ops_users WHERE username = ?")
                .param(username)
                .query((rs, i) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .roles(rs.getString("role").toUpperCase(java.util.Locale.ROOT))
                        .disabled(!"active".equals(rs.getString("status")))
                        .build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown ops user"));
    }

    @Transactional
    public OpsUser create(String username, String password, String role, Actor actor) {
        if (username == null || !username.matches("[a-z0-9][a-z0-9._-]{1,62}")) {
            throw ApiException.invalid("username", "username must be 2-63 of a-z, 0-9, '.', '_', '-'.");
        }
        if (!"admin".equals(role) && !"auditor".equals(role)) {
            throw ApiException.invalid("role", "role must be admin or auditor.");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 200) {
            throw ApiException.invalid("password", "password must be " + MIN_PASSWORD_LENGTH + " to 200 characters.");
        }
        if (find(username).isPresent()) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "An ops user with this username exists.", "username");
        }
        insert(username, password, role, actor.id());
        audit.append(AuditEntry.of(actor, "ops_user.created").subject("ops_user", username).detail("role", role)
                .build());
        return find(username).orElseThrow();
    }

    void insert(String username, String password, String role, String createdBy) {
        jdbc.sql("INSERT INTO ops_users (username, password_hash, role, created_by) VALUES (?, ?, ?, ?)")
                .params(username, encoder.encode(password), role, createdBy).update();
    }

    @Transactional(readOnly = true)
    public List<OpsUser> list() {
        return jdbc.sql("SELECT username, role, status, created_by, created_at FROM ops_users ORDER BY username")
                .query((rs, i) -> new OpsUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Rows.instant(rs, "created_at")))
                .list();
    }

    Optional<OpsUser> find(String username) {
        return jdbc.sql("SELECT username, role, status, created_by, created_at FROM ops_users WHERE username = ?")
                .param(username)
                .query((rs, i) -> new OpsUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Rows.instant(rs, "created_at")))
                .optional();
    }

    boolean anyAdmin() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ops_users WHERE role = 'admin' AND status = 'active')")
                .query(Boolean.class).single();
    }
}
