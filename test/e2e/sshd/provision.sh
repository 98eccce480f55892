#!/usr/bin/env bash
# Makes this machine able to run a throwaway sshd for tests: Debian's openssh-server and sudo, and
# test users whose keys start.sh authorises: kubehop-sudo (passwordless sudo), kubehop-nosudo (sudo
# would ask for a password), and kubehop-fish and kubehop-tcsh, whose login shells (Debian's fish
# and tcsh) read quoting otherwise than sh. Idempotent; needs root.
#
# Usage: provision.sh
set -euo pipefail

die() { printf '[sshd provision] error: %s\n' "$*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages and creates test users)"

missing=()
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
[[ -x /usr/bin/ssh-keygen ]] || missing+=(openssh-client)
command -v sudo >/dev/null || missing+=(sudo)
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet: update once when the first try fails.
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; } \
    || die "failed to install ${missing[*]} with apt-get"
  # The package's own sshd (started by its postinst where systemd runs) is not ours to keep.
fi

bash "$(dirname "${BASH_SOURCE[0]}")/../install-debian-packages.sh" fish tcsh \
  || die "failed to install fish and tcsh with apt-get"

# sshd refuses to start without its privilege-separation directory.
mkdir -p /run/sshd
chmod 0755 /run/sshd

for entry in kubehop-sudo:/bin/sh kubehop-nosudo:/bin/sh kubehop-fish:/usr/bin/fish kubehop-tcsh:/usr/bin/tcsh; do
  user=${entry%%:*} shell=${entry#*:}
  id "$user" >/dev/null 2>&1 || useradd --create-home --shell "$shell" "$user"
  # A '!' password marks a locked account, which sshd refuses without PAM; '*' allows key logins only.
  usermod -p '*' --shell "$shell" "$user"
done

# Only kubehop-sudo (and the fish and tcsh users) may run anything as root without a password; kubehop-nosudo may use sudo with a
# password it does not have, so `sudo -n` answers "a password is required".
cat >/etc/sudoers.d/kubehop-test <<'SUDOERS'
kubehop-sudo ALL=(ALL:ALL) NOPASSWD: ALL
kubehop-nosudo ALL=(ALL:ALL) ALL
kubehop-fish ALL=(ALL:ALL) NOPASSWD: ALL
kubehop-tcsh ALL=(ALL:ALL) NOPASSWD: ALL
SUDOERS
chmod 0440 /etc/sudoers.d/kubehop-test
visudo -cf /etc/sudoers.d/kubehop-test >/dev/null || die "invalid /etc/sudoers.d/kubehop-test"
