#!/usr/bin/env bash
# The Debian packages the test suite drives for real: protoc for config.pbtxt checks; podman +
# runc + busybox for the container-runtime tests; shellcheck for PLAN.md's command lines; docker-registry (a real OCI
# registry on 127.0.0.1) and skopeo for the remote store; chromium (headless) to open the bench report.
# Installs only what is missing; npm dependencies come from `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v protoc >/dev/null || need+=(protobuf-compiler)
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
