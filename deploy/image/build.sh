#!/usr/bin/env bash
# The production container image as a tar (deploy/k8s names it dmp-gateway:0.1.0), built with no Docker daemon and
# no registry: Jib (jib:buildTar) on a base image made here from this machine's own JDK.
#   deploy/image/build.sh          -> production/target/dmp-gateway-image.tar (docker load / skopeo / crane push)
#   deploy/image/build.sh check    -> only checks an image tar already built
# 1. base: a JRE cut by jlink from the Debian JDK (openjdk-17-jdk-headless, installed if missing), the shared
#    libraries it links to (ldd, from the machine's packages), /etc/passwd with the nonroot user 65532, CA
#    certificates; one layer, written as a docker-save tar (deploy/image/.work/jre-base.tar);
# 2. the production module's jar and its dependencies (the gateway without dev-services) on it: jib:buildTar with
#    jib.from.image=tar://...; 3. checks of the result (check_image below), then a start of the image's own command
#    in a chroot of its layers: it must refuse to start for want of DMP_REDIS_URL (no development services inside).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$here/.work"
image="$root/production/target/dmp-gateway-image.tar"
base="$work/jre-base.tar"

# Modules the gateway uses (jdeps over its jar, plus what it loads by name: the PKCS#11 provider for the HSM, EC
# keys, the French locale data, JFR for operators, the zip file system HAPI reads packages through).
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,\
jdk.crypto.cryptoki,jdk.crypto.ec,jdk.localedata,jdk.management,jdk.management.jfr,jdk.jfr,jdk.naming.dns,jdk.net,\
jdk.unsupported,jdk.zipfs

check_image() {
  local tar="$1" x="$work/check"
  rm -rf "$x"; mkdir -p "$x/rootfs"
  tar -xf "$tar" -C "$x"
  python3 - "$x" <<'PY'
import json, os, sys, tarfile
x = sys.argv[1]
manifest = json.load(open(os.path.join(x, "manifest.json")))[0]
config = json.load(open(os.path.join(x, manifest["Config"])))
names = []
for layer in manifest["Layers"]:
    with tarfile.open(os.path.join(x, layer)) as t:
        names += t.getnames()
        t.extractall(os.path.join(x, "rootfs"), filter="fully_trusted") if hasattr(tarfile, "fully_trusted_filter") else t.extractall(os.path.join(x, "rootfs"))
jars = sorted(os.path.basename(n) for n in names if n.endswith(".jar"))
bad = [n for n in names if any(k in n for k in ("dev-services-0", "embedded-postgres", "embedded-redis",
       "mock-oauth2-server", "greenmail", "tools.jackson", "kotlin-stdlib")) or n.endswith(".txz")
       or "redis-server" in n or "/postgres" in os.path.basename(n)]
ann = [j for j in jars if j.startswith("jackson-annotations-")]
print(f"image: {manifest['RepoTags']}, {len(manifest['Layers'])} layers, {len(names)} files, {len(jars)} jars")
print(f"  entrypoint: {' '.join(config['config'].get('Entrypoint') or [])}  cmd: {config['config'].get('Cmd')}")
print(f"  user: {config['config'].get('User')}  jackson-annotations: {ann}")
print(f"  java: {'opt/java/bin/java' in [n.lstrip('./').lstrip('/') for n in names] or any(n.endswith('opt/java/bin/java') for n in names)}")
if bad:
    print("  DEVELOPMENT SERVICE IN THE IMAGE:", bad[:10]); sys.exit(1)
print("  no development service, no PostgreSQL or Redis binary: ok")
json.dump(config["config"], open(os.path.join(x, "config.json"), "w"))
PY
  # The image's own command, in a chroot of its layers, with no DMP_* variable: it must start the JVM, find no
  # development services and name the variable to set.
  local entry out
  entry=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(" ".join((c.get("Entrypoint") or []) + (c.get("Cmd") or [])))' "$x/config.json")
  # The data directory is a volume the platform provides (an emptyDir in deploy/k8s), writable by the user.
  mkdir -p "$x/rootfs/tmp" "$x/rootfs/var/lib/dmp"; chown 65532:65532 "$x/rootfs/var/lib/dmp"; chmod 1777 "$x/rootfs/tmp"
  set +e
  local chroot_bin; chroot_bin=$(PATH="$PATH:/usr/sbin:/sbin" command -v chroot)
  # /proc as a container runtime mounts it: the launcher finds libjli.so through $ORIGIN, read from /proc/self/exe.
  mkdir -p "$x/rootfs/proc"; mount -t proc proc "$x/rootfs/proc"
  trap 'umount "$x/rootfs/proc" 2>/dev/null || true' RETURN
  out=$(cd / && timeout 60 env -i PATH=/opt/java/bin:/usr/bin:/bin HOME=/tmp DMP_DATA_DIR=/var/lib/dmp \
        "$chroot_bin" --userspec=65532:65532 "$x/rootfs" /bin/sh -c "cd /; $entry" 2>&1 </dev/null)
  local rc=$?
  set -e
  if [[ $rc -ne 0 ]] && grep -q "DMP_REDIS_URL is not set" <<<"$out"; then
    echo "  runs: '$entry' in a chroot of the layers refuses to start: $(grep -o 'DMP_REDIS_URL is not set[^(]*' <<<"$out" | head -n 1)"
  else
    echo "  the image's command did not answer as expected (rc $rc):"; tail -n 20 <<<"$out"; exit 1
  fi
}

if [[ "${1:-}" == check ]]; then check_image "$image"; exit 0; fi
if [[ -f "$base" && -z "${REBUILD_BASE:-}" ]]; then
  echo "build.sh: base image kept ($base; REBUILD_BASE=1 makes it again)" >&2
else

command -v jlink >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless >/dev/null; }
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
"$java_home/bin/java" -version 2>&1 | grep -q 'version "17' || { echo "build.sh: jlink must be JDK 17's ($java_home)" >&2; exit 2; }

echo "build.sh: base image from $java_home (jlink) ..." >&2
rm -rf "$work/rootfs" "$work/base"; mkdir -p "$work/rootfs/opt" "$work/base"
"$java_home/bin/jlink" --add-modules "$MODULES" --include-locales=en,fr --strip-debug --no-man-pages \
  --no-header-files --compress=2 --output "$work/rootfs/opt/java"
# Debian's cacerts is a link to the system store: the file itself.
cp -L /etc/ssl/certs/java/cacerts "$work/rootfs/opt/java/lib/security/cacerts" 2>/dev/null || true
# Shared libraries, as the machine's packages installed them (the loader included).
find "$work/rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' \
  | grep -v "^$work/" | sort -u \
  | while read -r lib; do cp -L --parents "$lib" "$work/rootfs"; done
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp" "$work/rootfs/var/lib/dmp"
# A shell for the check's chroot and operators' `kubectl exec`: busybox would be smaller; dash is what Debian has.
cp -L /bin/sh "$work/rootfs/bin/sh"; ldd /bin/sh | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do cp -L --parents "$lib" "$work/rootfs"; done
[[ -e "$work/rootfs/lib64" || ! -e /lib64 ]] || cp -a --parents /lib64/ld-linux-x86-64.so.2 "$work/rootfs" 2>/dev/null || true
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$work/rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$work/rootfs/etc/group"
chmod 1777 "$work/rootfs/tmp"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/base/layer.tar" .
python3 - "$work/base" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
h = hashlib.sha256(open(os.path.join(d, "layer.tar"), "rb").read()).hexdigest()
config = {"architecture": "amd64", "os": "linux",
          "config": {"Env": ["PATH=/opt/java/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java"], "User": "65532:65532"},
          "rootfs": {"type": "layers", "diff_ids": ["sha256:" + h]},
          "history": [{"created_by": "deploy/image/build.sh: jlink JRE 17 and its shared libraries"}]}
raw = json.dumps(config, sort_keys=True).encode()
name = hashlib.sha256(raw).hexdigest() + ".json"
open(os.path.join(d, name), "wb").write(raw)
json.dump([{"Config": name, "RepoTags": ["dmp-jre:17"], "Layers": ["layer.tar"]}], open(os.path.join(d, "manifest.json"), "w"))
PY
# Named entries, no "./": Jib refuses an entry that unpacks outside its directory.
tar -C "$work/base" -cf "$base" $(cd "$work/base" && ls)
echo "build.sh: base $(du -h "$base" | cut -f1) ($base)" >&2
fi

echo "build.sh: the production module and its image (jib:buildTar) ..." >&2
cd "$root"
# The module has no code of its own: Jib still wants its (empty) classes directory.
mkdir -p production/target/classes
# -Pimage binds jib:buildTar to the production module's package phase (a goal on the command line would run in every
# module of the reactor, and the reactor is needed: the modules are not installed in ~/.m2).
./mvnw -B -q ${MVN_OFFLINE--o} -pl production -am package -DskipTests -Pimage "-Djib.from.image=tar://$base" >&2
echo "build.sh: $(du -h "$image" | cut -f1) $image" >&2
check_image "$image"
