import { readEsds } from './readEsds.js';

// channelConfiguration → channels (ISO/IEC 14496-3 §1.6.3.5, Table 1.19); 0 means "in a program config element".
const CHANNELS_BY_CONFIGURATION = [0, 1, 2, 3, 4, 5, 6, 8];

/**
 * Channel count from an `esds` payload's AudioSpecificConfig, or `undefined` when it does not say (configuration 0,
 * no DecoderSpecificInfo, not MPEG-4 audio). The `mp4a` sample entry's own channelcount is not reliable: ffmpeg
 * writes 2 for mono AAC.
 */
export function aacChannelCount(esds: Uint8Array): number | undefined {
  const info = readEsds(esds);
  if (info.objectTypeIndication !== 0x40) return undefined;
  const asc = info.decoderSpecificInfo;
  // Bit reader over the AudioSpecificConfig (§1.6.2.1): audioObjectType(5, escape 31 → +6), samplingFrequencyIndex(4,
  // escape 15 → +24 bits of frequency), channelConfiguration(4).
  let bit = 0;
  const read = (count: number): number | undefined => {
    let value = 0;
    for (let i = 0; i < count; i++, bit++) {
      const byte = asc[bit >> 3];
      if (byte === undefined) return undefined;
      value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1);
    }
    return value;
  };
  const aot = read(5);
  if (aot === 31) read(6);
  const frequencyIndex = read(4);
  if (frequencyIndex === 15) read(24);
  const configuration = read(4);
  if (configuration === undefined || configuration === 0) return undefined;
  return CHANNELS_BY_CONFIGURATION[configuration];
}
