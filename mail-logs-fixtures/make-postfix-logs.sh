#!/usr/bin/env bash
# Makes postfix/ from Debian's Postfix running on loopback. Run as root on a scratch machine (it reconfigures Postfix).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/postfix"
work="$(mktemp -d)"
mkdir -p "$out"

if ! command -v postfix >/dev/null; then
  debconf-set-selections <<< "postfix postfix/main_mailer_type string 'Local only'"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix python3 >/dev/null
fi
python3 "$here/sinks.py" 600 & sinks=$!
trap 'kill $sinks 2>/dev/null || true; postfix stop 2>/dev/null || true' EXIT
sleep 1

cat > /etc/postfix/transport <<MAP
accept.example    smtp:[127.0.0.1]:2601
refuse.example    smtp:[127.0.0.1]:2602
defer.example     smtp:[127.0.0.1]:2603
down.example      smtp:[127.0.0.1]:2604
foi.test          smtp:[127.0.0.1]:2601
MAP
postmap /etc/postfix/transport
postconf -e "transport_maps = hash:/etc/postfix/transport" "relayhost =" "inet_interfaces = loopback-only" \
  "myhostname = mx.foi.test" "mydestination = localhost" "smtp_tls_security_level = none" \
  "maillog_file = $work/mail.log" "maillog_file_prefixes = /var, /tmp" \
  "queue_run_delay = 10s" "minimal_backoff_time = 10s" "maximal_backoff_time = 20s" \
  "maximal_queue_lifetime = 70s" "bounce_queue_lifetime = 70s"
postfix stop >/dev/null 2>&1 || true
postfix start

send() { # envelope sender, recipient, message id
  printf 'From: Requester <%s>\nTo: %s\nSubject: Freedom of Information request - fixture %s\nMessage-ID: <%s>\nDate: %s\n\nPlease send the information.\n' \
    "$1" "$2" "$3" "$3" "$(date -R)" | /usr/sbin/sendmail -f "$1" "$2"
}
send request-101-aaaaaaaaaa@foi.test foi@accept.example foi-fixture-delivered@foi.test
send request-102-bbbbbbbbbb@foi.test foi@refuse.example foi-fixture-refused@foi.test
send request-103-cccccccccc@foi.test foi@defer.example foi-fixture-deferred@foi.test
sleep 15
postfix logrotate    # the real rotation: mail.log -> mail.log.<date>, gzipped
send request-104-dddddddddd@foi.test foi@down.example foi-fixture-unreachable@foi.test
send request-105-eeeeeeeeee@foi.test foi@accept.example foi-fixture-second@foi.test
send someone@elsewhere.example other@accept.example not-ours@elsewhere.example
sleep 100            # retries, then give-ups (maximal_queue_lifetime 70s)
postqueue -f; sleep 10

rm -f "$out"/mail.log*
cp "$work"/mail.log "$out/mail.log"
for rotated in "$work"/mail.log.*; do cp "$rotated" "$out/mail.log-$(basename "$rotated" | sed 's/^mail.log.//')"; done
ls -l "$out"
