#!/bin/sh
# Makes fixtures/speex/ from the shared speech files with libspeex 1.2.1 (Debian:
# speex, libspeex-dev, sox). Run from packages/codecs:  sh test-helpers/speex/make-fixtures.sh
set -e
A=${SHARED_AUDIO:-../../../shared/testdata/audio}
F=fixtures/speex
T=$(mktemp -d)
gcc -O2 -o "$T/spx-ref" test-helpers/speex/spx-ref.c -lspeex
R=$T/spx-ref
cp "$A/speech_8k.spx" "$A/speech_8k.spx.dec.wav" $F/
# 1 s excerpts (the first second) at 8, 16 and 32 kHz; 32 kHz by sox from the 16 kHz file.
head -c 16000 "$A/speech_8k.raw" > $F/speech_8k_1s.raw
head -c 32000 "$A/speech_16k.raw" > $F/speech_16k_1s.raw
sox -D -t raw -r 16000 -c 1 -e signed-integer -b 16 -L $F/speech_16k_1s.raw \
    -t raw -r 32000 -e signed-integer -b 16 -L $F/speech_32k_1s.raw rate -v 32000
# CBR at qualities covering every narrowband sub-mode (q0..q10 -> 1 8 2 3 3 4 4 5 5 6 7)
for q in 0 1 2 3 5 8 9 10; do
  $R enc nb $q cbr $F/speech_8k_1s.raw $F/nb-q$q.spxp
  $R dec nb enh $F/nb-q$q.spxp $F/nb-q$q.dec.raw
done
$R dec nb noenh $F/nb-q8.spxp $F/nb-q8.noenh.raw
# wideband: high-band sub-modes 1 (q2), 2 (q6), 3 (q8), 4 (q10)
for q in 2 6 8 10; do
  $R enc wb $q cbr $F/speech_16k_1s.raw $F/wb-q$q.spxp
  $R dec wb enh $F/wb-q$q.spxp $F/wb-q$q.dec.raw
done
$R enc uwb 8 cbr $F/speech_32k_1s.raw $F/uwb-q8.spxp
$R dec uwb enh $F/uwb-q8.spxp $F/uwb-q8.dec.raw
# VBR with DTX (narrowband q4, wideband q8) and ABR 12 kbit/s narrowband, complexity 5
$R enc nb 4 vbr dtx $F/speech_8k_1s.raw $F/nb-vbr-dtx.spxp
$R dec nb enh $F/nb-vbr-dtx.spxp $F/nb-vbr-dtx.dec.raw
$R enc wb 8 vbr dtx $F/speech_16k_1s.raw $F/wb-vbr-dtx.spxp
$R dec wb enh $F/wb-vbr-dtx.spxp $F/wb-vbr-dtx.dec.raw
$R enc nb 8 abr=12000 complexity=5 $F/speech_8k_1s.raw $F/nb-abr.spxp
$R dec nb enh $F/nb-abr.spxp $F/nb-abr.dec.raw
# losses: every 7th packet and packets 30..33 replaced by empty packets (= lost), decoded by libspeex
for b in nb wb; do
  python3 - $F/$b-q8.spxp $F/$b-q8-loss.spxp <<'PY'
import sys
d = open(sys.argv[1], 'rb').read(); out = bytearray(); p = 0; i = 0
while p < len(d):
    n = d[p] | (d[p + 1] << 8); pk = d[p + 2:p + 2 + n]; p += 2 + n
    lost = i % 7 == 6 or 30 <= i < 34
    out += b'\x00\x00' if lost else bytes([n & 255, n >> 8]) + pk
    i += 1
open(sys.argv[2], 'wb').write(out)
PY
  $R dec $b enh $F/$b-q8-loss.spxp $F/$b-q8-loss.dec.raw
done
rm -r "$T"
