#!/usr/bin/env bash
# Start a throw-away Dovecot IMAP server on 127.0.0.1 for the mailbox tests and
# print the URL to use as KONTAKT_TEST_IMAP:
#   imap://USER:PASSWORD@127.0.0.1:PORT/?maildir=FOLDER&ssl_port=PORT2&ca=CERT
# Needs Debian's dovecot-imapd (and openssl for the certificate). Dovecot runs
# as an unprivileged user (nobody when started by root, else the caller) with
# its own configuration in a temporary folder: IMAP with STARTTLS on PORT,
# IMAP over SSL on PORT2 (PORT+1), both on loopback only, a self-signed
# certificate for 127.0.0.1 (CERT, which the tests trust through
# SSL_CERT_FILE), a passwd-file test user and a Maildir that the tests fill
# by writing files into new/. Stopped by stop-dovecot.sh, by the PID it wrote.
set -euo pipefail
port="${1:-14329}"
ssl_port=$((port + 1))
dir="${IMAPTEST_DIR:-/tmp/kontakt-imaptest}"
user_name=kontakt
password=imap-test-passord
command -v dovecot >/dev/null || { echo "dovecot not found (apt-get install dovecot-imapd)" >&2; exit 1; }
if [ "$(id -u)" = 0 ]; then run_as=nobody; else run_as=$(id -un); fi
run_group=$(id -gn "$run_as")
uid=$(id -u "$run_as"); gid=$(id -g "$run_as")
if [ -f "$dir/run/master.pid" ] && kill -0 "$(cat "$dir/run/master.pid")" 2>/dev/null; then
  echo "imap://$user_name:$password@127.0.0.1:$port/?maildir=$dir/mail/$user_name&ssl_port=$ssl_port&ca=$dir/cert.pem"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/run" "$dir/state" "$dir/home/$user_name" "$dir/mail/$user_name"/{new,cur,tmp}
echo "$user_name:{PLAIN}$password:$uid:$gid::$dir/home/$user_name" >"$dir/passwd"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
cat >"$dir/dovecot.conf" <<CONF
# Kontakt's test IMAP server: loopback only, one user, nothing kept.
instance_name = kontakt-imaptest
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $run_as
default_internal_group = $run_group
default_login_user = $run_as
first_valid_uid = 0
mail_location = maildir:$dir/mail/%u
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$dir/home/%u
}
service imap-login {
  chroot =
  user = $run_as
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $ssl_port
  }
}
service anvil {
  chroot =
}
service pop3-login {
  chroot =
}
service submission-login {
  chroot =
}
service imap-urlauth-login {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 50
}
CONF
chown -R "$run_as:$run_group" "$dir"
chmod 755 "$dir" "$dir/mail"
if [ "$(id -u)" = 0 ]; then
  su -s /bin/sh "$run_as" -c "dovecot -c $dir/dovecot.conf"
else
  dovecot -c "$dir/dovecot.conf"
fi
for _ in $(seq 50); do
  [ -f "$dir/run/master.pid" ] && break
  sleep 0.1
done
[ -f "$dir/run/master.pid" ] || { cat "$dir/dovecot.log" >&2; exit 1; }
echo "imap://$user_name:$password@127.0.0.1:$port/?maildir=$dir/mail/$user_name&ssl_port=$ssl_port&ca=$dir/cert.pem"
