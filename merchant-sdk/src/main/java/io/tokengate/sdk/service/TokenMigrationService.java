package io.tokengate.sdk.service;

import static io.tokengate.sdk.internal.ApiRequestor.segment;
import static io.tokengate.sdk.internal.ApiRequestor.type;

import io.tokengate.sdk.Operation;
import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.model.Page;
import io.tokengate.sdk.model.TokenMigration;
import io.tokengate.sdk.model.TokenPair;
import io.tokengate.sdk.param.ListParams;
import io.tokengate.sdk.param.TokenPairListParams;
import java.util.Map;

/**
 * Token migrations after a containment ({@code client.tokenMigrations()}): list and read them, walk
 * their old → new pairs, and mark one done once your stored tokens are replaced. Use the key ops
 * handed over at containment (the old keys are revoked). All calls require {@code migrations:read}.
 */
public final class TokenMigrationService {

    private final ApiRequestor requestor;

    /** Obtain it from {@code TokenGateClient.tokenMigrations()}. */
    public TokenMigrationService(ApiRequestor requestor) {
        this.requestor = requestor;
    }

    public Page<TokenMigration> list() {
        return list(ListParams.builder().build(), RequestOptions.defaults());
    }

    /** A page of the merchant's token migrations, newest first. */
    @Operation("listTokenMigrations")
    public Page<TokenMigration> list(ListParams params, RequestOptions options) {
        return Lists.page(requestor, "listTokenMigrations", "/v1/token-migrations", params.toQuery(),
                TokenMigration.class, options);
    }

    public TokenMigration get(String migrationId) {
        return get(migrationId, RequestOptions.defaults());
    }

    /** One migration with its progress. @throws io.tokengate.sdk.exception.InvalidRequestException 404 */
    @Operation("getTokenMigration")
    public TokenMigration get(String migrationId, RequestOptions options) {
        return requestor.get("getTokenMigration", "/v1/token-migrations/" + segment(migrationId), Map.of(),
                type(TokenMigration.class), options);
    }

    public Page<TokenPair> listPairs(String migrationId) {
        return listPairs(migrationId, TokenPairListParams.builder().build(), RequestOptions.defaults());
    }

    /**
     * A page of the migration's old → new pairs in a stable order (100 a page unless the params say
     * otherwise, up to 1,000); {@link Page#autoPagingIterable()} walks them all.
     */
    @Operation("listTokenMigrationPairs")
    public Page<TokenPair> listPairs(String migrationId, TokenPairListParams params, RequestOptions options) {
        return Lists.page(requestor, "listTokenMigrationPairs",
                "/v1/token-migrations/" + segment(migrationId) + "/pairs", params.toQuery(), TokenPair.class,
                options);
    }

    public TokenMigration markDone(String migrationId) {
        return markDone(migrationId, RequestOptions.defaults());
    }

    /**
     * Says the mapping is applied: the migration becomes {@code done}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 409 {@code state_conflict} while it is not ready
     */
    @Operation("markTokenMigrationDone")
    public TokenMigration markDone(String migrationId, RequestOptions options) {
        return requestor.post("markTokenMigrationDone", "/v1/token-migrations/" + segment(migrationId) + "/done",
                null, type(TokenMigration.class), options);
    }
}
