#!/usr/bin/env bash
# ONLY for machines without Docker Hub access (where `FROM node:20-bookworm-slim` cannot be pulled).
# Anywhere Docker Hub answers, use the official image and do not run this.
#
# Builds a stand-in for node:20-bookworm-slim from Debian packages and the host's Node 20, and imports
# it under that name so apps/web/Dockerfile and apps/worker/Dockerfile build unchanged:
#   - Debian 12 (bookworm) minbase from the host's apt mirror (debootstrap), plus the libraries node
#     links against (libstdc++6, libgcc-s1);
#   - the host's node, npm and corepack laid out as the official image does (/usr/local/bin/node,
#     /usr/local/lib/node_modules/{npm,corepack}, /usr/local/include/node), so `npm install -g` lands
#     where it would there;
#   - user and group `node` (uid/gid 1000, home /home/node, shell bash), as in the official image;
#   - the official image's entrypoint behaviour (a first argument that is not a command runs under node);
#   - the host's CA bundle as /etc/ssl/certs/ca-certificates.crt with NODE_EXTRA_CA_CERTS pointing at it:
#     a machine whose egress passes a TLS-intercepting proxy trusts that proxy's CA there, and
#     `npm install`/`npm ci` inside `docker build --network=host` go through the same proxy. (With the
#     official image behind such a proxy you would need the same; the Dockerfiles stay as they are.)
# Not the same image: the official one adds yarn and ships Node's own build, not the host's package.
#
# Usage (root, Docker engine running): scripts/docker/make-local-node-image.sh [tag]
#   MIRROR=http://… to override the Debian mirror (default: the first URI in the host's apt sources).
set -euo pipefail

tag="${1:-node:20-bookworm-slim}"
node_bin="$(readlink -f "$(command -v node)")"
node_major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || { echo "host node is $("$node_bin" -v), need Node 20" >&2; exit 1; }
node_lib="$(dirname "$(dirname "$node_bin")")/lib/node_modules"
node_include="$(dirname "$(dirname "$node_bin")")/include/node"
[ -d "$node_lib/npm" ] || { echo "no npm beside node at $node_lib/npm" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "debootstrap missing: apt-get install -y debootstrap" >&2; exit 1; }

if [ -z "${MIRROR:-}" ]; then
  MIRROR="$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -oE 'https?://[^ ]+' | head -1 || true)"
fi
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

root="$(mktemp -d /var/tmp/node-bookworm-root.XXXXXX)"
trap 'rm -rf "$root"' EXIT
# mktemp made it 0700, and `tar -C "$root" -c .` carries that to the image's / (user node could then
# run nothing).
chmod 0755 "$root"
echo "debootstrap bookworm from $MIRROR into $root"
debootstrap --variant=minbase --include=libstdc++6,libgcc-s1 bookworm "$root" "$MIRROR"

install -d "$root/usr/local/bin" "$root/usr/local/lib/node_modules" "$root/usr/local/include"
install -m 0755 "$node_bin" "$root/usr/local/bin/node"
cp -a "$node_lib/npm" "$node_lib/corepack" "$root/usr/local/lib/node_modules/"
[ -d "$node_include" ] && cp -a "$node_include" "$root/usr/local/include/"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
ln -s ../lib/node_modules/corepack/dist/corepack.js "$root/usr/local/bin/corepack"

if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  install -d "$root/etc/ssl/certs"
  install -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  extra_ca=(--change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt")
else
  extra_ca=()
fi

chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

cat > "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
# As the official image: run the command under node when the first argument is an option, is not a
# command, or is a file that is not executable.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
chmod 0755 "$root/usr/local/bin/docker-entrypoint.sh"

# Smaller, as debian:bookworm-slim: no package lists, caches, docs or man pages.
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
chroot "$root" /usr/local/bin/node -e 'process.exit(0)'

node_version="$("$node_bin" -p 'process.versions.node')"
tar -C "$root" --numeric-owner -c . | docker import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=$node_version" "${extra_ca[@]}" \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["node"]' \
  --message "local stand-in for node:20-bookworm-slim (host Node $node_version on Debian bookworm minbase)" \
  - "$tag"
# As the unprivileged user the app images run as, not only as root.
docker run --rm --user node "$tag" node -e 'console.log("node", process.version, "npm", require("child_process").execSync("npm -v").toString().trim())'
docker images "$tag"
docker run --rm "$tag" id node
