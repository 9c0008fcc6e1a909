import { codecStringFor } from '@ott/core/media';

// The payload of the sample entry's vpcC box, e.g. from an init segment's stsd.
const vpcC = new Uint8Array([1, 0, 0, 0, 0, 21, 0x80, 2, 2, 2, 0, 0]);
console.log(codecStringFor('vp09', (type) => (type === 'vpcC' ? vpcC : undefined))); // vp09.00.21.08
