#!/bin/sh
# Makes irmd trust a CA for the native certificate tests (jna.NativeSecureNameTests).
#
# TEST USE ONLY. Run as root on a test machine, then restart irmd: irmd loads its trusted CAs from
# <security dir>/cacert once, when it starts.
#
#   install-irmd-test-ca.sh [<security dir>]          create the CA (once) and install it
#   install-irmd-test-ca.sh remove [<security dir>]   take it out of irmd's store and delete it
#
# <security dir> is irmd's OUROBOROS_SECURITY_DIR (default /etc/ouroboros/security, for upstream
# installed under /usr; /usr/local/etc/ouroboros/security under /usr/local). Nothing is committed:
# the CA is made on this machine, its key (mode 0600) stays in <security dir>/starter-test-ca,
# which irmd does not read, and the tests issue short-lived certificates with it. Anyone who can
# read that key can make certificates this irmd accepts for any name: remove it when done.
# A file in cacert that is not a PEM certificate stops irmd from starting, so only a certificate
# checked here is copied there.
set -eu

action=install
if [ "${1:-}" = remove ]; then
	action=remove
	shift
fi
dir=${1:-/etc/ouroboros/security}
ca=$dir/starter-test-ca
trusted=$dir/cacert/ouroboros-starter-test-ca.crt.pem

if [ "$action" = remove ]; then
	rm -f "$trusted" "$ca/ca.key.pem" "$ca/ca.crt.pem"
	[ ! -d "$ca" ] || rmdir "$ca"
	echo "removed the test CA from $dir; restart irmd to stop trusting it"
	exit 0
fi

command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 1; }
mkdir -p "$dir/cacert" "$ca"
chmod 0700 "$ca"
umask 077
if [ ! -s "$ca/ca.key.pem" ] || [ ! -s "$ca/ca.crt.pem" ]; then
	openssl ecparam -genkey -name prime256v1 -noout -out "$ca/ca.key.pem"
	openssl req -x509 -new -key "$ca/ca.key.pem" -days 3650 \
		-subj "/O=ouroboros-spring-boot-starter tests/CN=starter test CA (test only)" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		-out "$ca/ca.crt.pem"
	chmod 0644 "$ca/ca.crt.pem"
fi
openssl x509 -in "$ca/ca.crt.pem" -noout
umask 022
if cmp -s "$ca/ca.crt.pem" "$trusted"; then
	echo "irmd's store already holds the test CA ($trusted)"
else
	cp "$ca/ca.crt.pem" "$trusted.tmp"
	chmod 0644 "$trusted.tmp"
	mv "$trusted.tmp" "$trusted"
	echo "installed the test CA as $trusted"
fi
echo "restart irmd if it started before that file was written: it reads $dir/cacert only at start"
