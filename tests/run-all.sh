#!/usr/bin/env bash
# Runs every test of Foi on a fresh machine: installs what is missing from Debian's packages (chromium, PostgreSQL,
# nginx, Dovecot, Postfix), starts throwaway instances of them on 127.0.0.1 with their own configuration, ports and
# folders, runs `dotnet test Foi.sln`, and stops and removes them afterwards. The machine's own configuration of
# these servers is never touched, and no service of theirs is started or stopped.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
# A real reverse proxy in front of the site, for the forwarded-headers tests.
[[ -x /usr/sbin/nginx ]] || need_packages+=(nginx)
if [[ "$(id -u)" -eq 0 ]]; then
  # A real IMAP and POP3 server for the mailbox poller's tests.
  command -v dovecot >/dev/null 2>&1 || need_packages+=(dovecot-imapd dovecot-pop3d)
  # A real MTA whose log the delivery-status test reads (skip with FOI_TEST_NO_MTA=1).
  if [[ "${FOI_TEST_NO_MTA:-}" != 1 ]] && ! command -v postfix >/dev/null 2>&1; then
    debconf-set-selections <<< "postfix postfix/main_mailer_type string 'Local only'"
    debconf-set-selections <<< "postfix postfix/mailname string mx.foi.test"
    need_packages+=(postfix)
  fi
fi
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  need_packages+=(postgresql)
fi
if (( ${#need_packages[@]} > 0 )); then
  echo "Installing ${need_packages[*]} from Debian's packages..."
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  # Packages of servers start their service when installed: policy-rc.d (Debian's switch for that) keeps them stopped.
  made_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
    $sudo_cmd chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
  if [[ -n "$made_policy" ]]; then
    $sudo_cmd rm -f /usr/sbin/policy-rc.d
  fi
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

# A port nothing listens on, from a start point upwards (bash alone: a refused connection means free).
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# A throwaway cluster: its own directory, its own port, trust authentication on loopback only.
pg_dir="$(mktemp -d /tmp/foi-pg.XXXXXX)"
pg_port="${FOI_TEST_PG_PORT:-$(free_port 55432)}"
run_as=()
if [[ "$(id -u)" -eq 0 ]]; then
  # PostgreSQL refuses to run as root; Debian's package made the postgres user.
  chown postgres "$pg_dir"
  run_as=(runuser -u postgres --)
fi
mail_dir=""
mta_dir=""
# Everything the tests write to the temporary folder (sites' data directories, logs, archives) goes here and is
# removed at the end, also what a killed process could not clean up.
test_tmp="$(mktemp -d /tmp/foi-tests.XXXXXX)"
chmod 1777 "$test_tmp"
cleanup() {
  rm -rf "$test_tmp"
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  if [[ -n "$mta_dir" ]]; then
    postfix -c "$mta_dir/etc" stop >/dev/null 2>&1 || true
    rm -rf "$mta_dir"
  fi
  if [[ -n "$mail_dir" ]]; then
    dovecot -c "$mail_dir/dovecot.conf" stop >/dev/null 2>&1 || true
    rm -rf "$mail_dir"
  fi
}
trap cleanup EXIT

"${run_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
echo "Throwaway PostgreSQL on 127.0.0.1:$pg_port ($pg_dir)"

# A throwaway Dovecot on loopback: one mailbox, reachable by IMAP and POP3 without TLS.
if [[ "$(id -u)" -eq 0 ]] && command -v dovecot >/dev/null 2>&1; then
  mail_dir="$(mktemp -d /tmp/foi-dovecot.XXXXXX)"
  imap_port="${FOI_TEST_IMAP_PORT:-$(free_port 11143)}"
  pop3_port="${FOI_TEST_POP3_PORT:-$(free_port $((imap_port + 1)))}"
  mkdir -p "$mail_dir/run" "$mail_dir/state" "$mail_dir/mail"
  chown -R nobody:nogroup "$mail_dir/mail"
  chmod 755 "$mail_dir"
  echo "foi:{PLAIN}mailbox-secret" > "$mail_dir/users"
  cat > "$mail_dir/dovecot.conf" <<CONF
protocols = imap pop3
listen = 127.0.0.1
base_dir = $mail_dir/run
state_dir = $mail_dir/state
log_path = $mail_dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $mail_dir/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$mail_dir/mail/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop3_port
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF
  dovecot -c "$mail_dir/dovecot.conf"
  echo "Throwaway Dovecot on 127.0.0.1:$imap_port (IMAP) and :$pop3_port (POP3)"
  export FOI_TEST_IMAP_PORT="$imap_port" FOI_TEST_POP3_PORT="$pop3_port" FOI_TEST_MAILBOX="foi:mailbox-secret" FOI_REQUIRE_MAILBOX=1
fi

# A Postfix instance of its own on loopback (its own configuration directory, queue and log, on a free port): it
# relays everything to a port where the test listens. The machine's /etc/postfix and its Postfix, if running, are
# left alone.
if [[ "$(id -u)" -eq 0 ]] && [[ "${FOI_TEST_NO_MTA:-}" != 1 ]] && command -v postfix >/dev/null 2>&1; then
  mta_dir="$(mktemp -d /tmp/foi-postfix.XXXXXX)"
  chmod 755 "$mta_dir"
  mkdir -p "$mta_dir/etc" "$mta_dir/spool" "$mta_dir/data"
  chown postfix "$mta_dir/data"
  mta_port="${FOI_TEST_MTA_PORT:-$(free_port 2525)}"
  sink_port="${FOI_TEST_MTA_SINK_PORT:-$(free_port $((mta_port + 1)))}"
  cp /etc/postfix/master.cf "$mta_dir/etc/master.cf"
  cat > "$mta_dir/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $mta_dir/spool
data_directory = $mta_dir/data
myhostname = mx.foi.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$sink_port
smtp_tls_security_level = none
smtpd_tls_security_level = none
alias_maps =
alias_database =
local_recipient_maps =
transport_maps =
maillog_file = $mta_dir/mail.log
maillog_file_prefixes = /tmp
minimal_backoff_time = 5s
maximal_backoff_time = 10s
queue_run_delay = 5s
CONF
  # Its SMTP server on the free port instead of 25; no chroot (the queue directory has no copy of /etc).
  postconf -c "$mta_dir/etc" -M -e "127.0.0.1:$mta_port/inet=127.0.0.1:$mta_port inet n - n - - smtpd"
  postconf -c "$mta_dir/etc" -MX smtp/inet
  postconf -c "$mta_dir/etc" -F '*/*/chroot = n'
  postfix -c "$mta_dir/etc" check
  postfix -c "$mta_dir/etc" start >/dev/null 2>&1
  echo "Postfix on 127.0.0.1:$mta_port, relaying to 127.0.0.1:$sink_port, logging to $mta_dir/mail.log"
  export FOI_TEST_MTA_LOG="$mta_dir/mail.log" FOI_TEST_MTA_PORT="$mta_port" FOI_TEST_MTA_SINK_PORT="$sink_port"
fi

export FOI_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=20"
export FOI_REQUIRE_POSTGRES=1 FOI_REQUIRE_NGINX=1
export FOI_CHROMIUM="${FOI_CHROMIUM:-$(command -v chromium)}"
export TMPDIR="$test_tmp"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

# Known vulnerabilities in any package, direct or transitive, fail the run before the tests (README: Security).
audit="$(dotnet list Foi.sln package --vulnerable --include-transitive 2>&1)" || {
  echo "warning: the vulnerability check could not run (no NuGet source?); continuing without it" >&2
  audit=""
}
if grep -q "has the following vulnerable packages" <<< "$audit"; then
  echo "$audit"
  echo "Vulnerable packages found: update them, or say in the README why the advisory does not apply." >&2
  exit 1
fi
echo "Vulnerability check: no known vulnerable packages."

log="$pg_dir/dotnet-test.log"
set +e
dotnet test Foi.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test projects, in the plain form CI reads.
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
