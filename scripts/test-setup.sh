#!/usr/bin/env bash
# What the SSH store and console tests need on the machine (run as root; idempotent, so CI and a developer may run it
# every time): Debian's chromium and chromium-driver, OpenSSH's server binary (the tests start their own sshd on a
# loopback port, never the system's), and a local user for password authentication, whose random password is kept in
# a root-only file the tests read.
set -euo pipefail

TEST_USER=${BACKUPSYNC_TEST_SSH_USER:-backupsync-test}

if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/test-setup.sh must run as root (it installs openssh-server and adds the user $TEST_USER)" >&2
    exit 1
fi

if [ ! -x /usr/sbin/sshd ]; then
    echo "installing openssh-server"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server
fi

# The console's browser tests (ConsoleBrowserTest) drive Debian's chromium through its chromedriver, never a
# downloaded browser; without them CI fails those tests (a local run skips them with a message).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "installing chromium and chromium-driver"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi

# sshd refuses to start without its privilege-separation directory.
mkdir -p /run/sshd
chmod 0755 /run/sshd

if ! getent passwd "$TEST_USER" >/dev/null; then
    echo "adding the user $TEST_USER (password auth in the SSH store tests)"
    useradd --create-home --shell /bin/sh "$TEST_USER"
fi
# Its password: random, set once per machine and kept where only root reads it. Test JVMs read it rather than each
# setting its own, which broke the password of every server another JVM (a parallel build) had started.
PASSWORD_FILE=${BACKUPSYNC_TEST_SSH_PASSWORD_FILE:-/root/.backupsync-test-ssh-password}
if [ ! -s "$PASSWORD_FILE" ]; then
    (umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' | sed 's/^/Pw-/' > "$PASSWORD_FILE")
fi
# Set every time: an older test build set the password itself, and the account must match the file the tests read.
echo "$TEST_USER:$(cat "$PASSWORD_FILE")" | chpasswd

echo "SSH test setup ready: $(/usr/sbin/sshd -V 2>&1 | head -1), user $TEST_USER"
echo "browser test setup ready: $(/usr/bin/chromedriver --version 2>/dev/null | head -1)"
