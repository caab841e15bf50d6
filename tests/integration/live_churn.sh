#!/usr/bin/env bash
# The short churn test of `make check`: 120 namespace pairs come and go
# under drops (JSON, text), trace and the exporter (tests/soak/churn.sh;
# `make soak` runs it with 10,000).
exec "$(dirname "$0")/../soak/churn.sh"
