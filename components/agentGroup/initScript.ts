/**
 * The init container's script: it writes the rendered InstallerProfile.cfg owner-only on every
 * start, and installs the agent distribution from the image by version, keeping the agent's state.
 *
 * What it relies on (from Oracle's documentation):
 * - The agent keeps its state in `agenthome/agent` and third-party JARs in
 *   `agenthome/thirdparty/lib`: Oracle's recovery procedure unzips a fresh distribution and puts
 *   the `agenthome/agent` directory of the backup back in its place
 *   (https://docs.oracle.com/en/cloud/paas/integration-cloud/integrations-user/back-and-recover-connectivity-agent.html).
 *   Replacing an install does the same: new distribution, old `agenthome/agent` and
 *   `agenthome/thirdparty`.
 * - The agent upgrades itself in place, replacing artifacts under `agenthome`
 *   (https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/upgrade-connectivity-agent-automatically.html),
 *   so an image older than the agent's own version must not replace it.
 *
 * NOT VERIFIED: where the agent records the version it upgraded itself to. No Oracle page found
 * here says; `agentVersionFile` (relative to the install directory, default
 * DEFAULT_AGENT_VERSION_FILE) names it, and its first line is read (`key=value` allowed). When
 * the file is absent the agent is taken not to have upgraded itself; when it holds no version the
 * script keeps the install (a downgrade is worse than a late upgrade).
 *
 * The image contract: `<distributionPath>/IMAGE_VERSION_FILE` holds the distribution's version
 * (digits and dots, e.g. 25.04.1). Tools used: `sh` (POSIX), `cat`, `cp`, `mv`, `rm`, `mkdir`.
 * No `cp -n` (it exits 1 when it skips a file on coreutils 9.2 to 9.4) and no `install` (absent
 * from many images). Tested under GNU coreutils and busybox (test/agentGroupInitScript.test.ts).
 */

/** In the image, beside the distribution: its version. */
export const IMAGE_VERSION_FILE = "oic-agent-version";
/** In the install directory: the version last installed from an image. */
export const INSTALLED_VERSION_MARKER = ".oic-dr-installed-version";
/** Unverified (see above): where the agent is assumed to record its self-upgraded version. */
export const DEFAULT_AGENT_VERSION_FILE = "agenthome/agent/config/version";
/** What a replacement keeps from the old install: the agent's state and third-party JARs. */
export const KEPT_ON_REPLACE = ["agenthome/agent", "agenthome/thirdparty"] as const;
const STAGING = ".oic-dr-staging";

export interface InitScriptPaths {
    /** The persistent install directory. */
    readonly agentHome: string;
    /** The distribution in the image. */
    readonly distributionPath: string;
    /** The rendered profile (the Secret's mount). */
    readonly profileSource: string;
    /** Relative to agentHome. */
    readonly agentVersionFile: string;
}

/** A word for `sh`, whatever it holds. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** The script, run as `sh -c <script>`. */
export function renderInitScript(paths: InitScriptPaths): string {
    const kept = KEPT_ON_REPLACE.map(shellQuote).join(" ");
    return `set -eu
# Everything written here is the agent user's alone: the profile carries the OAuth client secret.
umask 077
home=${shellQuote(paths.agentHome)}
dist=${shellQuote(paths.distributionPath)}
staging="$home/${STAGING}"
marker="$home/${INSTALLED_VERSION_MARKER}"
cr=$(printf '\\r')

# A version: digits separated by dots.
is_version() {
  case "$1" in
    '' | .* | *. | *..* | *[!0-9.]*) return 1 ;;
    *) return 0 ;;
  esac
}
# First line of a file, the part after the last '=' (for key=value files), without blanks;
# empty when the file is absent.
version_in() {
  line=
  [ -f "$1" ] || return 0
  IFS= read -r line < "$1" || true
  line=\${line##*=}
  while case "$line" in ' '* | '	'*) true ;; *) false ;; esac; do line=\${line#?}; done
  while case "$line" in *' ' | *'	' | *"$cr") true ;; *) false ;; esac; do line=\${line%?}; done
  printf '%s' "$line"
}
# Whether version $1 is newer than version $2, field by field as numbers.
newer() {
  a=$1 b=$2
  while [ -n "$a$b" ]; do
    x=\${a%%.*} y=\${b%%.*}
    if [ "$a" = "$x" ]; then a=; else a=\${a#*.}; fi
    if [ "$b" = "$y" ]; then b=; else b=\${b#*.}; fi
    x=\${x:-0} y=\${y:-0}
    if [ "$x" -gt "$y" ]; then return 0; fi
    if [ "$x" -lt "$y" ]; then return 1; fi
  done
  return 1
}

# An earlier start died while replacing the install: put the kept state back, start over.
if [ -d "$staging" ]; then
  for keep in ${kept}; do
    if [ -e "$staging/$keep" ] && [ ! -e "$home/$keep" ]; then
      mkdir -p "$home/agenthome"
      mv "$staging/$keep" "$home/$keep"
    fi
  done
  rm -rf "$staging"
fi

image=$(version_in "$dist/${IMAGE_VERSION_FILE}")
if ! is_version "$image"; then
  echo "oic-dr init: $dist/${IMAGE_VERSION_FILE} must hold the image's agent version (digits and dots), found '$image'" >&2
  exit 1
fi
installed=$(version_in "$marker")
is_version "$installed" || installed=0
agent=$(version_in "$home/"${shellQuote(paths.agentVersionFile)})
if [ -z "$agent" ]; then
  agent=0
elif ! is_version "$agent"; then
  echo "oic-dr init: cannot read the agent's own version in ${paths.agentVersionFile.replace(/[^A-Za-z0-9._/-]/g, "?")} ('$agent'); keeping the install" >&2
  agent=$image
fi

if newer "$image" "$installed" && newer "$image" "$agent"; then
  echo "oic-dr init: installing agent $image (installed from an image: $installed, agent's own: $agent)"
  mkdir "$staging"
  cp -R "$dist/." "$staging/"
  for keep in ${kept}; do
    if [ -e "$home/$keep" ]; then
      rm -rf "$staging/$keep"
      mkdir -p "$staging/agenthome"
      mv "$home/$keep" "$staging/$keep"
    fi
  done
  # The old install goes, except the staging area and the marker (written last).
  for entry in "$home"/* "$home"/.[!.]* "$home"/..?*; do
    case "$entry" in
      "$staging" | "$marker") ;;
      *) if [ -e "$entry" ] || [ -L "$entry" ]; then rm -rf "$entry"; fi ;;
    esac
  done
  for entry in "$staging"/* "$staging"/.[!.]* "$staging"/..?*; do
    if [ -e "$entry" ] || [ -L "$entry" ]; then mv "$entry" "$home/"; fi
  done
  rm -rf "$staging"
  printf '%s\\n' "$image" > "$marker.new"
  mv -f "$marker.new" "$marker"
else
  echo "oic-dr init: keeping the install (image: $image, installed from an image: $installed, agent's own: $agent)"
fi

# Every start: the current profile, owner-only (0600 under umask 077), replaced by a rename so
# that a read-only file left by an earlier start is no obstacle.
cat ${shellQuote(paths.profileSource)} > "$home/InstallerProfile.cfg.new"
mv -f "$home/InstallerProfile.cfg.new" "$home/InstallerProfile.cfg"
`;
}
