#!/usr/bin/env bash
# Runs every test of Foi on a fresh machine: installs what is missing from Debian's packages (chromium, PostgreSQL),
# starts a throwaway PostgreSQL cluster on 127.0.0.1, runs `dotnet test Foi.sln`, and removes the cluster afterwards.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
if [[ "$(id -u)" -eq 0 ]]; then
  # A real IMAP and POP3 server for the mailbox poller's tests.
  command -v dovecot >/dev/null 2>&1 || need_packages+=(dovecot-imapd dovecot-pop3d)
  # A real MTA whose log the delivery-status test reads (skip with FOI_TEST_NO_MTA=1: it reconfigures the machine's Postfix).
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
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

# A throwaway cluster: its own directory, its own port, trust authentication on loopback only.
pg_dir="$(mktemp -d /tmp/foi-pg.XXXXXX)"
pg_port="${FOI_TEST_PG_PORT:-55432}"
run_as=()
if [[ "$(id -u)" -eq 0 ]]; then
  # PostgreSQL refuses to run as root; Debian's package made the postgres user.
  chown postgres "$pg_dir"
  run_as=(runuser -u postgres --)
fi
mail_dir=""
cleanup() {
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  if [[ -n "${mta_dir:-}" ]]; then
    postfix stop >/dev/null 2>&1 || true
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
  imap_port="${FOI_TEST_IMAP_PORT:-11143}"
  pop3_port="${FOI_TEST_POP3_PORT:-11110}"
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

# Postfix on loopback: it relays everything to a port where the test listens, and logs to a file of its own.
if [[ "$(id -u)" -eq 0 ]] && [[ "${FOI_TEST_NO_MTA:-}" != 1 ]] && command -v postfix >/dev/null 2>&1; then
  mta_dir="$(mktemp -d /tmp/foi-postfix.XXXXXX)"
  chmod 755 "$mta_dir"
  sink_port="${FOI_TEST_MTA_SINK_PORT:-2526}"
  postconf -e "relayhost = [127.0.0.1]:$sink_port" "inet_interfaces = loopback-only" "inet_protocols = ipv4" \
    "myhostname = mx.foi.test" "mydestination = localhost" "smtp_tls_security_level = none" \
    "maillog_file = $mta_dir/mail.log" "maillog_file_prefixes = /var, /tmp" "transport_maps =" \
    "minimal_backoff_time = 5s" "maximal_backoff_time = 10s" "queue_run_delay = 5s"
  postfix stop >/dev/null 2>&1 || true
  postfix start >/dev/null 2>&1
  echo "Postfix on 127.0.0.1:25, relaying to 127.0.0.1:$sink_port, logging to $mta_dir/mail.log"
  export FOI_TEST_MTA_LOG="$mta_dir/mail.log" FOI_TEST_MTA_SINK_PORT="$sink_port"
fi

export FOI_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=20"
export FOI_REQUIRE_POSTGRES=1
export FOI_CHROMIUM="${FOI_CHROMIUM:-$(command -v chromium)}"
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
