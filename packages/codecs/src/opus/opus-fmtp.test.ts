import { describe, expect, it } from 'vitest';
import {
  bandwidthForPlaybackRate,
  OPUS_DEFAULT_BITRATE,
  opusEncoderSettingsFromFmtp,
  opusFrameDurationFromFmtp,
} from './opus-fmtp.js';

describe('RFC 7587 fmtp to Opus encoder settings', () => {
  it('defaults without fmtp: 24 kbit/s VBR, mono, full band, no FEC, no DTX', () => {
    expect(opusEncoderSettingsFromFmtp()).toEqual({
      bitrate: OPUS_DEFAULT_BITRATE,
      maxBitrate: 510000,
      maxBandwidth: 'fullband',
      stereo: false,
      cbr: false,
      fec: false,
      dtx: false,
      packetLossPercent: 0,
      complexity: 9,
    });
  });

  // [fmtp, preferences, expected subset]
  const table: [Record<string, string>, Parameters<typeof opusEncoderSettingsFromFmtp>[1], object][] = [
    [{ maxaveragebitrate: '16000' }, {}, { bitrate: 16000, maxBitrate: 16000 }], // caps our 24k default
    [{ maxaveragebitrate: '64000' }, {}, { bitrate: 24000 }], // a cap is not a target
    [{ maxaveragebitrate: '64000' }, { bitrate: 40000 }, { bitrate: 40000 }],
    [{ maxaveragebitrate: '20000' }, { bitrate: 40000 }, { bitrate: 20000 }],
    [{ maxaveragebitrate: '5999' }, {}, { bitrate: 24000 }], // out of RFC range: ignored
    [{ maxaveragebitrate: '510001' }, {}, { bitrate: 24000 }],
    [{ maxaveragebitrate: '12k' }, {}, { bitrate: 24000 }], // not a number: ignored
    [{}, { bitrate: 1000 }, { bitrate: 6000 }], // libopus floor
    [{}, { bitrate: 900000 }, { bitrate: 510000 }],
    [{ useinbandfec: '1' }, {}, { fec: true, packetLossPercent: 10 }],
    [{ useinbandfec: '1' }, { packetLossPercent: 25 }, { fec: true, packetLossPercent: 25 }],
    [{ useinbandfec: '0' }, { packetLossPercent: 25 }, { fec: false, packetLossPercent: 0 }],
    [{ usedtx: '1' }, {}, { dtx: true }],
    [{ usedtx: '0' }, { dtx: true }, { dtx: true }], // our own wish stands
    [{ usedtx: 'yes' }, {}, { dtx: false }], // only 1 means yes
    [{ cbr: '1' }, {}, { cbr: true }],
    [{ stereo: '1' }, {}, { stereo: true }],
    [{ 'sprop-stereo': '1' }, {}, { stereo: false }], // describes the remote as a sender
    [{ 'sprop-maxcapturerate': '8000' }, {}, { maxBandwidth: 'fullband' }],
    [{ maxplaybackrate: '8000' }, {}, { maxBandwidth: 'narrowband' }],
    [{ maxplaybackrate: '16000' }, {}, { maxBandwidth: 'wideband' }],
    [{ MaxAverageBitrate: '12000', USEINBANDFEC: '1' }, {}, { bitrate: 12000, fec: true }], // names case-insensitive
    [{}, { complexity: 42 }, { complexity: 10 }],
  ];
  for (const [fmtp, prefs, expected] of table) {
    it(`${JSON.stringify(fmtp)} with ${JSON.stringify(prefs)} gives ${JSON.stringify(expected)}`, () => {
      expect(opusEncoderSettingsFromFmtp(fmtp, prefs)).toMatchObject(expected);
    });
  }

  it('maps maxplaybackrate to the RFC 6716 bandwidths at their edges', () => {
    const rows: [number, string][] = [
      [8000, 'narrowband'],
      [8001, 'mediumband'],
      [12000, 'mediumband'],
      [16000, 'wideband'],
      [24000, 'superwideband'],
      [24001, 'fullband'],
      [48000, 'fullband'],
    ];
    for (const [rate, bw] of rows) expect(bandwidthForPlaybackRate(rate)).toBe(bw);
  });
});

describe('Opus frame duration from ptime/minptime/maxptime', () => {
  const rows: [Record<string, string>, number | undefined][] = [
    [{}, undefined],
    [{ minptime: '10' }, undefined], // minptime alone says nothing about what to send
    [{ ptime: '20' }, 20],
    [{ ptime: '30' }, 20],
    [{ ptime: '60' }, 60],
    [{ ptime: '120' }, 60],
    [{ ptime: '5' }, undefined],
    [{ maxptime: '40' }, 40],
    [{ ptime: '60', maxptime: '40' }, 40],
    [{ ptime: '20', minptime: '40' }, undefined],
    [{ ptime: 'x' }, undefined],
  ];
  for (const [fmtp, ms] of rows) {
    it(`${JSON.stringify(fmtp)} gives ${ms}`, () => expect(opusFrameDurationFromFmtp(fmtp)).toBe(ms));
  }
});
