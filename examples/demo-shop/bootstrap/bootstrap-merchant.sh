#!/bin/sh
# Onboards the demo shop at the gateway and writes its secret key to a file, once.
# Run by docker compose's one-shot "init" service (curl image), and by DemoShopFlowTest.
#
# Needs: TOKENGATE_URL (the gateway), OPS_USER / OPS_PASSWORD (an ops admin), SHOP_PUBLIC_URL
# (the shop's origin, where the hosted checkout returns), SECRET_FILE (where to write the key).
# Optional: SECRET_FILE_OWNER (uid:gid that will read the file).
set -eu

: "${TOKENGATE_URL:?}" "${OPS_USER:?}" "${OPS_PASSWORD:?}" "${SHOP_PUBLIC_URL:?}" "${SECRET_FILE:?}"

if [ -s "$SECRET_FILE" ]; then
  echo "bootstrap: $SECRET_FILE exists; the demo merchant is already set up"
  exit 0
fi

ops() {
  curl -fsS --retry 5 --retry-connrefused --retry-delay 2 -u "$OPS_USER:$OPS_PASSWORD" \
    -H 'Content-Type: application/json' "$@"
}
# The gateway answers compact JSON; a sed expression is enough to pick one string field.
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

merchant=$(ops -d "{\"name\": \"Demo shop\", \"return_origins\": [\"$SHOP_PUBLIC_URL\"]}" \
  "$TOKENGATE_URL/ops/merchants" | field id)
[ -n "$merchant" ] || { echo "bootstrap: could not create the merchant" >&2; exit 1; }

# EUR only, 1,000.00 per charge; "pay again" charges without the shopper: merchant-initiated allowed.
ops -X PUT -d '{"merchant_initiated_allowed": true,
  "currencies": [{"currency": "EUR", "per_charge_max": 100000, "daily_max": 1000000}]}' \
  "$TOKENGATE_URL/ops/merchants/$merchant/acl" >/dev/null

secret=$(ops -d '{"scopes": ["checkout:write", "charges:write", "charges:read", "refunds:write", "refunds:read",
  "tokens:read", "tokens:write", "webhooks:write"]}' "$TOKENGATE_URL/ops/merchants/$merchant/keys" | field secret)
[ -n "$secret" ] || { echo "bootstrap: could not issue the key" >&2; exit 1; }

umask 077
printf '%s' "$secret" > "$SECRET_FILE.tmp"
if [ -n "${SECRET_FILE_OWNER:-}" ]; then
  chown "$SECRET_FILE_OWNER" "$SECRET_FILE.tmp"
fi
mv "$SECRET_FILE.tmp" "$SECRET_FILE"
echo "bootstrap: merchant $merchant onboarded; its key is in $SECRET_FILE"
