#!/bin/sh
# Logs every trigger point to a file ($TWINKLE_CALL_LOG, else ~/.twinkle/calls.log):
# script_in_call_answered, script_out_call, script_local_release... may all name it.
log="${TWINKLE_CALL_LOG:-$HOME/.twinkle/calls.log}"
printf '%s line=%s from=%s@%s to=%s@%s status=%s\n' \
  "$TWINKLE_TRIGGER" "$TWINKLE_LINE" "$SIP_FROM_USER" "$SIP_FROM_HOST" \
  "$SIP_TO_USER" "$SIP_TO_HOST" "${SIPSTATUS_CODE:--}" >> "$log"
