#!/usr/bin/env bash
# Makes exim/ from Debian's Exim 4 running on loopback. Run as root on a scratch machine (it writes /etc/exim4/exim4.conf,
# which Debian's Exim then uses instead of its generated configuration; remove that file afterwards).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/exim"
logs="$(mktemp -d /tmp/foi-exim-logs.XXXXXX)"
chown Debian-exim "$logs" 2>/dev/null || true
mkdir -p "$out"

command -v exim >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends exim4-daemon-light python3 >/dev/null
python3 "$here/sinks.py" 600 & sinks=$!
trap 'kill $sinks 2>/dev/null || true' EXIT
sleep 1

cat > /etc/exim4/exim4.conf <<CONF
primary_hostname = mx.foi.test
domainlist local_domains = localhost
log_file_path = $logs/%slog
log_selector = +received_recipients +deliver_time +smtp_confirmation +outgoing_port
trusted_users = root
untrusted_set_sender = *
ignore_bounce_errors_after = 0s
timeout_frozen_after = 2m
delay_warning = 0s

begin routers
fixture_route:
  driver = manualroute
  route_list = accept.example 127.0.0.1::2601 ; refuse.example 127.0.0.1::2602 ; defer.example 127.0.0.1::2603 ; down.example 127.0.0.1::2604 ; foi.test 127.0.0.1::2601 ; elsewhere.example 127.0.0.1::2601
  transport = remote_smtp
  self = send
  no_more

begin transports
remote_smtp:
  driver = smtp
  allow_localhost
  hosts_avoid_tls = *

begin retry
*  *  F,1m,10s
CONF

send() { # envelope sender, recipient, message id
  printf 'From: Requester <%s>\nTo: %s\nSubject: Freedom of Information request - fixture %s\nMessage-ID: <%s>\nDate: %s\n\nPlease send the information.\n' \
    "$1" "$2" "$3" "$3" "$(date -R)" | exim -f "$1" "$2"
}
send request-201-aaaaaaaaaa@foi.test foi@accept.example foi-exim-delivered@foi.test
send request-202-bbbbbbbbbb@foi.test foi@refuse.example foi-exim-refused@foi.test
send request-203-cccccccccc@foi.test foi@defer.example foi-exim-deferred@foi.test
sleep 8
mv "$logs/mainlog" "$logs/mainlog.1"            # logrotate's first step
send request-204-dddddddddd@foi.test foi@down.example foi-exim-unreachable@foi.test
send someone@elsewhere.example other@accept.example not-ours-exim@elsewhere.example
for i in $(seq 1 9); do sleep 10; exim -qff; done  # retries, then give-ups
sleep 5
mv "$logs/mainlog.1" "$logs/mainlog.2" && gzip -9 "$logs/mainlog.2"   # delaycompress on the next rotation
mv "$logs/mainlog" "$logs/mainlog.1"
send request-205-eeeeeeeeee@foi.test foi@accept.example foi-exim-second@foi.test
sleep 5

rm -f "$out"/mainlog*
cp "$logs"/mainlog* "$out/"
chmod 644 "$out"/*
rm -f /etc/exim4/exim4.conf
ls -l "$out"
