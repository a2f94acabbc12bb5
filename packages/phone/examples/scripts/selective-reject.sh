#!/bin/sh
# Selective call reject: script_incoming_call=/path/to/selective-reject.sh
#
# Rejects callers listed in blocked.txt (one SIP user or number a line, next
# to this script, or $TWINKLE_BLOCKLIST), and anonymous callers, with 603;
# outside office hours (OFFICE_HOURS=no in the environment, for testing) the
# call gets 480 (do not disturb). Everything else rings.
#
# Caller-controlled text (SIP_FROM_USER, SIP_FROM_DISPLAY, every SIP_*) is
# only ever used quoted, as data: never evaluated, never part of a command.
list="${TWINKLE_BLOCKLIST:-$(dirname "$0")/blocked.txt}"

if [ "$SIP_FROM_USER" = "anonymous" ] || [ -z "$SIP_FROM_USER" ]; then
  echo "action=reject"
  echo "reason=Anonymous calls not accepted"
  exit 0
fi

if [ -r "$list" ] && grep -Fqx -e "$SIP_FROM_USER" -- "$list"; then
  echo "# $TWINKLE_TRIGGER on line $TWINKLE_LINE: caller is blocked"
  echo "action=reject"
  echo "reason=Declined"
  exit 0
fi

if [ "${OFFICE_HOURS:-yes}" = "no" ]; then
  echo "action=dnd"
  echo "reason=Office closed"
  exit 0
fi

echo "action=continue"
