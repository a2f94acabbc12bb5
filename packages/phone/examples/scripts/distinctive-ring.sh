#!/bin/sh
# Distinctive ringing: script_incoming_call=/path/to/distinctive-ring.sh
#
# Callers in vip.txt (SIP user a line, next to this script) ring with
# vip.wav; calls from the company's own domain ($TWINKLE_OWN_DOMAIN) with
# colleague.wav; anyone else with the profile's normal ring tone.
dir=$(dirname "$0")

if [ -r "$dir/vip.txt" ] && grep -Fqx -e "$SIP_FROM_USER" -- "$dir/vip.txt"; then
  echo "ringtone=$dir/vip.wav"
  echo "display_msg=VIP caller"
elif [ -n "$TWINKLE_OWN_DOMAIN" ] && [ "$SIP_FROM_HOST" = "$TWINKLE_OWN_DOMAIN" ]; then
  echo "ringtone=$dir/colleague.wav"
fi
echo "end"
