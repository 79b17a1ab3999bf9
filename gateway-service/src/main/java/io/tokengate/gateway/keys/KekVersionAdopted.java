package io.tokengate.gateway.keys;

/**
 * Published (inside the registering transaction) when an instance found in the shared key store a
 * newer KEK version than the database knew and made it current: a rotation whose key store change
 * survived but whose database commit was lost. Listeners start the re-wrap that commit would have.
 *
 * @param previous the version that was current until now
 * @param current  the version now current
 */
public record KekVersionAdopted(int previous, int current) {
}
