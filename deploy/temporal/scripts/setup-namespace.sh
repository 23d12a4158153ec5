#!/bin/sh
# Creates afbryd's namespace and registers afbryd's custom search attributes on it.
#
# Runs in the temporalio/admin-tools image (service `temporal-setup` in docker-compose.yml) once the
# server's frontend port is open. Idempotent: an existing namespace is kept as it is (its retention is
# not changed), and the server skips search attributes that already exist with the same type; one
# that exists with ANOTHER type makes the CLI fail, and this script with it.
#
# The Temporal CLI reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS,
# TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH and
# TEMPORAL_TLS_SERVER_NAME from the environment — the same variables afbryd reads.
#
# Keep the list below in step with workflows/search-attributes.ts (the source of truth).
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be set}"
: "${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE must be set}"
: "${AFBRYD_NAMESPACE_RETENTION:=30d}"
MAX_ATTEMPTS=${SETUP_MAX_ATTEMPTS:-60}
SLEEP_SECONDS=${SETUP_SLEEP_SECONDS:-2}

# name:type pairs, the types as `temporal operator search-attribute create --type` spells them.
SEARCH_ATTRIBUTES="
AfbrydStage:Keyword
AfbrydCaseKind:Keyword
AfbrydCustomerClass:Keyword
AfbrydMeterKind:Keyword
AfbrydMeteringPointId:Keyword
AfbrydCutoffDate:Datetime
AfbrydNeedsAttention:Bool
AfbrydOverdue:Bool
AfbrydCustomerId:Keyword
AfbrydCutoffDay:Datetime
AfbrydNextStepDay:Datetime
AfbrydAttentionReasons:KeywordList
"

# retry DESCRIPTION COMMAND...: runs COMMAND until it succeeds, at most MAX_ATTEMPTS times.
retry() {
  what=$1
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "setup-namespace: gave up: $what" >&2
      exit 1
    fi
    echo "setup-namespace: not yet: $what (attempt $attempt/$MAX_ATTEMPTS)"
    attempt=$((attempt + 1))
    sleep "$SLEEP_SECONDS"
  done
}

retry "Temporal at $TEMPORAL_ADDRESS is healthy" temporal operator cluster health

if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "setup-namespace: namespace $TEMPORAL_NAMESPACE exists"
else
  retry "create namespace $TEMPORAL_NAMESPACE" \
    temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$AFBRYD_NAMESPACE_RETENTION"
  echo "setup-namespace: created namespace $TEMPORAL_NAMESPACE (retention $AFBRYD_NAMESPACE_RETENTION)"
fi
namespace_visible() {
  temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null
}
retry "namespace $TEMPORAL_NAMESPACE is visible" namespace_visible

# One call with every attribute: `--name A --type T --name B --type U ...`. Right after a namespace
# is created the first call can fail with "Namespace ... is not found" until the server's namespace
# cache refreshes; it is retried.
set --
for pair in $SEARCH_ATTRIBUTES; do
  set -- "$@" --name "${pair%%:*}" --type "${pair#*:}"
done
retry "register search attributes" \
  temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" "$@"

# Wait until the frontend lists every attribute, so afbryd's worker does not start before they can be
# used.
all_listed() {
  listed=$(temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE") || return 1
  for pair in $SEARCH_ATTRIBUTES; do
    echo "$listed" | grep -qw "${pair%%:*}" || return 1
  done
}
retry "search attributes are listed" all_listed
echo "setup-namespace: namespace $TEMPORAL_NAMESPACE is ready with afbryd's search attributes"
