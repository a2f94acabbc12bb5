#!/bin/sh
# Call centre: show who is calling from a small CSV "CRM".
# script_incoming_call=/path/to/crm-lookup.sh
#
# crm.csv (next to this script, or $TWINKLE_CRM): number,name,company,note
# with a header line. The caller's SIP user (a number or a name) is looked
# up; a match names the caller and shows the company and the note.
# awk reads the caller from ENVIRON: a -v assignment would interpret
# backslashes, and the caller's text never becomes part of the program.
crm="${TWINKLE_CRM:-$(dirname "$0")/crm.csv}"
[ -r "$crm" ] || exit 0
awk -F, '
  NR > 1 && $1 == ENVIRON["SIP_FROM_USER"] {
    print "caller_name=" $2
    print "display_msg=Customer: " $3
    if ($4 != "") print "display_msg=Note: " $4
    found = 1
    exit
  }
  END { if (!found) print "display_msg=Unknown caller " ENVIRON["SIP_FROM_USER"] }
' "$crm"
