/*
 * Test-only reference harness around Debian's libspeex: encodes 16-bit PCM into
 * length-prefixed Speex packets (u16 little-endian length, then the bytes; one
 * frame per packet) and decodes such packets to PCM, every frame kept (no Ogg,
 * no trimming). Used to make the committed fixtures in fixtures/speex/.
 *
 *   gcc -O2 -o spx-ref spx-ref.c -lspeex
 *   spx-ref enc nb|wb|uwb QUALITY cbr|vbr|abr=BPS [dtx] [complexity=N] in.raw out.spxp
 *   spx-ref dec nb|wb|uwb enh|noenh in.spxp out.raw
 */
#include <speex/speex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const SpeexMode *mode_of(const char *m) {
  if (!strcmp(m, "nb")) return speex_lib_get_mode(SPEEX_MODEID_NB);
  if (!strcmp(m, "wb")) return speex_lib_get_mode(SPEEX_MODEID_WB);
  return speex_lib_get_mode(SPEEX_MODEID_UWB);
}

int main(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: see source\n"); return 2; }
  const SpeexMode *mode = mode_of(argv[2]);
  SpeexBits bits;
  speex_bits_init(&bits);
  spx_int32_t frame_size;
  short pcm[2000];
  char buf[2000];
  if (!strcmp(argv[1], "enc")) {
    void *st = speex_encoder_init(mode);
    spx_int32_t q = atoi(argv[3]), on = 1;
    speex_encoder_ctl(st, SPEEX_SET_QUALITY, &q);
    if (!strcmp(argv[4], "vbr")) {
      float vq = (float)q;
      speex_encoder_ctl(st, SPEEX_SET_VBR, &on);
      speex_encoder_ctl(st, SPEEX_SET_VBR_QUALITY, &vq);
    } else if (!strncmp(argv[4], "abr=", 4)) {
      spx_int32_t abr = atoi(argv[4] + 4);
      speex_encoder_ctl(st, SPEEX_SET_ABR, &abr);
    }
    int a = 5;
    for (; a < argc - 2; a++) {
      if (!strcmp(argv[a], "dtx")) speex_encoder_ctl(st, SPEEX_SET_DTX, &on);
      else if (!strncmp(argv[a], "complexity=", 11)) {
        spx_int32_t c = atoi(argv[a] + 11);
        speex_encoder_ctl(st, SPEEX_SET_COMPLEXITY, &c);
      }
    }
    speex_encoder_ctl(st, SPEEX_GET_FRAME_SIZE, &frame_size);
    FILE *in = fopen(argv[argc - 2], "rb"), *out = fopen(argv[argc - 1], "wb");
    while (fread(pcm, 2, frame_size, in) == (size_t)frame_size) {
      speex_bits_reset(&bits);
      speex_encode_int(st, pcm, &bits);
      int n = speex_bits_write(&bits, buf, sizeof buf);
      unsigned char len[2] = {n & 255, n >> 8};
      fwrite(len, 1, 2, out);
      fwrite(buf, 1, n, out);
    }
    fclose(in); fclose(out);
    speex_encoder_destroy(st);
  } else {
    void *st = speex_decoder_init(mode);
    spx_int32_t enh = !strcmp(argv[3], "enh");
    speex_decoder_ctl(st, SPEEX_SET_ENH, &enh);
    speex_decoder_ctl(st, SPEEX_GET_FRAME_SIZE, &frame_size);
    FILE *in = fopen(argv[4], "rb"), *out = fopen(argv[5], "wb");
    unsigned char len[2];
    while (fread(len, 1, 2, in) == 2) {
      int n = len[0] | (len[1] << 8);
      if (fread(buf, 1, n, in) != (size_t)n) break;
      if (n == 0) { /* an empty packet stands for a lost frame */
        speex_decode_int(st, NULL, pcm);
        fwrite(pcm, 2, frame_size, out);
        continue;
      }
      speex_bits_read_from(&bits, buf, n);
      /* every frame in the packet, until the terminator or the end */
      while (speex_decode_int(st, &bits, pcm) == 0) fwrite(pcm, 2, frame_size, out);
    }
    fclose(in); fclose(out);
    speex_decoder_destroy(st);
  }
  speex_bits_destroy(&bits);
  return 0;
}
