// Content protection end to end: `ott package --encrypt cenc|cbcs` output is decrypted by independent tools (ffmpeg
// through a pipe, Shaka Packager's raw-key decryption) to the same frames as the clear output, round-trips through
// `ott decrypt`, and plays with W3C ClearKey in headless Chromium (Shaka Player, dash.js; hls.js with a license server).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { contentKeyFromHex, createClearKeyLicenseHandler, readCpix, readXml, writeCpix } from '@ott/drm';
import { generateTestSource } from '../support/media.js';
import { catRendition, run } from './processes.js';
import { runCli } from './runCli.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = '00112233445566778899aabbccddeeff';
const WRONG_KEY = 'ffeeddccbbaa99887766554433221100';
const SHAKA_PACKAGER = resolve(import.meta.dirname, '../../node_modules/shaka-packager/bin/packager-linux-x64');
const RENDITIONS = ['video_360p', 'audio_aac'] as const;

let work: string;
let sourceFile: string;
let browser: Browser;
let server: StaticServer;

/** ffmpeg framemd5 of decoded frames (hashes only, so container timestamps do not matter). */
async function frameHashes(input: Uint8Array | string, extra: readonly string[] = []): Promise<string[]> {
  const source = typeof input === 'string' ? input : 'pipe:0';
  const out = await run('ffmpeg', ['-v', 'error', ...extra, '-i', source, '-map', '0', '-f', 'framemd5', '-'], typeof input === 'string' ? undefined : input);
  return out.toString().split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(',').pop()?.trim() ?? '');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-drm-'));
  const source = await generateTestSource(work, { seconds: 8, width: 640, height: 360, fps: 30 });
  sourceFile = source;
  const common = [source, '--segment-duration', '2'];
  const runs = [
    runCli(['package', ...common, '-o', join(work, 'clear')]),
    runCli(['package', ...common, '-o', join(work, 'cenc'), '--encrypt', 'cenc', '--key-id', KID, '--key', KEY]),
    runCli(['package', ...common, '-o', join(work, 'cbcs'), '--encrypt', 'cbcs', '--key-id', KID, '--key', KEY, '--drm', 'widevine,playready,fairplay,clearkey']),
  ];
  for (const result of await Promise.all(runs)) expect(result.code, result.stderr).toBe(0);
  server = await startStaticServer(work);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('encrypted output decrypts with independent tools to the clear frames', () => {
  for (const scheme of ['cenc', 'cbcs'] as const) {
    for (const rendition of RENDITIONS) {
      it(`ffmpeg (piped) decrypts ${scheme} ${rendition} to the clear output's frames`, async () => {
        const clear = await frameHashes(await catRendition(join(work, 'clear', rendition)));
        const decrypted = await frameHashes(await catRendition(join(work, scheme, rendition)), ['-decryption_key', KEY]);
        expect(clear.length).toBeGreaterThan(10);
        expect(decrypted).toEqual(clear);
      }, 60_000);

      it(`ott decrypt restores ${scheme} ${rendition} to the clear output's frames`, async () => {
        const dir = join(work, scheme, rendition);
        const segments = (await readdir(dir)).filter((f) => f.endsWith('.m4s')).sort().map((f) => join(dir, f));
        const out = join(work, `${scheme}-${rendition}-ott.mp4`);
        const result = await runCli(['decrypt', join(dir, 'init.mp4'), ...segments, '-o', out, '--key', `${KID}:${KEY}`]);
        expect(result.code, result.stderr).toBe(0);
        expect(await frameHashes(out)).toEqual(await frameHashes(await catRendition(join(work, 'clear', rendition))));
      }, 60_000);
    }

    // Shaka Packager re-muxes, so compare decoded video frames. (Audio is left out: Shaka refuses the segmenter's
    // negative AAC composition offset without an edit list, encrypted or not.)
    it(`Shaka Packager raw-key decryption of ${scheme} video gives the clear frames`, async () => {
      const input = join(work, `${scheme}-video-all.mp4`);
      await writeFile(input, await catRendition(join(work, scheme, 'video_360p')));
      const output = join(work, `${scheme}-video-shaka.mp4`);
      await run(SHAKA_PACKAGER, ['--quiet', `in=${input},stream=video,output=${output}`, '--enable_raw_key_decryption', '--keys', `key_id=${KID}:key=${KEY}`]);
      expect(await frameHashes(output)).toEqual(await frameHashes(await catRendition(join(work, 'clear', 'video_360p'))));
    }, 60_000);
  }

  it('ott decrypt with a wrong key gives different frames, and with an unknown key id a clear error', async () => {
    const dir = join(work, 'cenc', 'video_360p');
    const result = await runCli(['decrypt', join(dir, 'init.mp4'), join(dir, 'seg-00001.m4s'), '-o', join(work, 'x.mp4'), '--key', `${'ab'.repeat(16)}:${KEY}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DRM_KEY_NOT_FOUND.*0123456789abcdef0123456789abcdef/);
    expect(result.stderr).not.toContain(KEY);
  });
});

describe('ClearKey playback in headless Chromium', () => {
  const drm = { kid: KID, key: KEY };
  for (const scheme of ['cenc', 'cbcs'] as const) {
    for (const player of ['shaka', 'dash.js'] as const) {
      it(`${player} plays the ${scheme} DASH output`, async () => {
        const result = await playInBrowser(browser, { player, src: `${server.url}/${scheme}/manifest.mpd`, untilSeconds: 3, drm });
        expect(result.errors).toEqual([]);
        expect(result.reached).toBe(true);
      }, 60_000);
    }
    it(`shaka plays the ${scheme} HLS output`, async () => {
      const result = await playInBrowser(browser, { player: 'shaka', src: `${server.url}/${scheme}/master.m3u8`, untilSeconds: 3, drm });
      expect(result.errors).toEqual([]);
      expect(result.reached).toBe(true);
    }, 60_000);
  }

  it('a wrong key fails with an error, not a hang', async () => {
    const result = await playInBrowser(browser, { player: 'shaka', src: `${server.url}/cenc/manifest.mpd`, untilSeconds: 3, timeoutMs: 30_000, drm: { kid: KID, key: WRONG_KEY } });
    expect(result.reached).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  }, 60_000);
});

// hls.js has no local clear keys: it POSTs the CDM's {"kids":[…]} to drmSystems['org.w3.clearkey'].licenseUrl. It takes
// the key id from the org.w3.clearkey EXT-X-KEY data URI and fails with keySystemStatusInternalError when the CDM
// reports no status for that id (docs/drm.md, "hls.js and ClearKey").
describe('hls.js with ClearKey and a license server (createClearKeyLicenseHandler)', () => {
  let licenseServer: ReturnType<typeof createServer>;
  let licenseOrigin: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const good = createClearKeyLicenseHandler({ keys: [contentKeyFromHex(KID, KEY)] });
    const wrong = createClearKeyLicenseHandler({ keys: [contentKeyFromHex(KID, WRONG_KEY)] });
    licenseServer = createServer((req, res) => {
      requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      (req.url === '/wrong-key' ? wrong : good)(req, res);
    });
    await new Promise<void>((r) => licenseServer.listen(0, '127.0.0.1', r));
    licenseOrigin = `http://127.0.0.1:${(licenseServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    licenseServer?.closeAllConnections();
    await new Promise((r) => licenseServer?.close(r));
  });

  for (const [scheme, method] of [['cenc', 'SAMPLE-AES-CTR'], ['cbcs', 'SAMPLE-AES']] as const) {
    it(`hls.js plays the ${scheme} HLS output (${method}) with keys from the license server`, async () => {
      const playlist = await readFile(join(work, scheme, 'video_360p', 'playlist.m3u8'), 'utf8');
      expect(playlist).toContain(`#EXT-X-KEY:METHOD=${method},URI="data:text/plain;base64,${Buffer.from(KID, 'hex').toString('base64')}",KEYFORMAT="org.w3.clearkey"`);
      const before = requests.filter((r) => r === 'POST /license').length;
      const result = await playInBrowser(browser, { player: 'hls.js', src: `${server.url}/${scheme}/master.m3u8`, untilSeconds: 3, drm: { kid: KID, key: KEY, licenseUrl: `${licenseOrigin}/license` } });
      expect(result.errors).toEqual([]);
      expect(result.reached).toBe(true);
      expect(requests.filter((r) => r === 'POST /license').length).toBeGreaterThan(before);
    }, 60_000);
  }

  it('hls.js with a wrong key from the license server fails with an error, not a hang', async () => {
    const result = await playInBrowser(browser, { player: 'hls.js', src: `${server.url}/cenc/master.m3u8`, untilSeconds: 3, timeoutMs: 30_000, drm: { kid: KID, key: WRONG_KEY, licenseUrl: `${licenseOrigin}/wrong-key` } });
    expect(result.reached).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.errors.join('\n')).toMatch(/HTMLMediaElement error 3|mediaError/);
  }, 60_000);
});

// CPIX: ../shared/vectors/cpix (DASH-IF/Axinom test vectors, MIT), keys from CPIX files and a local SPEKE-style server,
// and hostile XML that must be refused before anything is parsed.
const VECTORS = resolve(import.meta.dirname, '../../../shared/vectors/cpix');
const VIDEO_KID = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const VIDEO_KEY = '0f0e0d0c0b0a09080706050403020100';
const AUDIO_KID = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
const AUDIO_KEY = '1f1e1d1c1b1a19181716151413121110';
const hexBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/** A CPIX document with one key for video and one for audio, chosen by usage rules. */
function keysDocument(): string {
  return writeCpix({
    contentKeys: [{ kid: hexBytes(VIDEO_KID), key: hexBytes(VIDEO_KEY) }, { kid: hexBytes(AUDIO_KID), key: hexBytes(AUDIO_KEY) }],
    usageRules: [{ kid: hexBytes(VIDEO_KID), intendedTrackType: 'VIDEO', videoFilter: [{}] }, { kid: hexBytes(AUDIO_KID), intendedTrackType: 'AUDIO', audioFilter: [{}] }],
  });
}

describe('CPIX key sources', () => {
  async function checkDecrypts(out: string): Promise<void> {
    for (const [rendition, key] of [['video_360p', VIDEO_KEY], ['audio_aac', AUDIO_KEY]] as const) {
      const clear = await frameHashes(await catRendition(join(work, 'clear', rendition)));
      expect(await frameHashes(await catRendition(join(out, rendition)), ['-decryption_key', key]), rendition).toEqual(clear);
    }
  }

  it('ott package --cpix <file> encrypts video and audio with the keys its usage rules pick', async () => {
    const file = join(work, 'keys.cpix.xml');
    await writeFile(file, keysDocument());
    const out = join(work, 'cpix-file');
    const result = await runCli(['package', sourceFile, '--segment-duration', '2', '-o', out, '--encrypt', 'cenc', '--cpix', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(join(out, 'manifest.mpd'), 'utf8')).toContain(`cenc:default_KID="${VIDEO_KID.slice(0, 8)}-`);
    await checkDecrypts(out);
  }, 120_000);

  it('ott package --cpix-require-signature and --cpix-trust refuse an unsigned document before anything is written', async () => {
    const file = join(work, 'unsigned.cpix.xml');
    await writeFile(file, keysDocument());
    for (const flags of [['--cpix-require-signature'], ['--cpix-trust', join(VECTORS, 'Cert1.cer')]]) {
      const out = join(work, `cpix-unsigned-${flags.length}`);
      const result = await runCli(['package', sourceFile, '--segment-duration', '2', '-o', out, '--encrypt', 'cenc', '--cpix', file, ...flags]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/CPIX_BAD_SIGNATURE/);
      expect(existsSync(join(out, 'manifest.mpd'))).toBe(false);
    }
  }, 120_000);

  it('ott package --cpix <url> asks a key server (SPEKE v2 style POST) and uses its keys', async () => {
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (requests === 1) return void res.writeHead(503).end(); // the client retries
        const request = readCpix(body);
        const keys = request.usageRules.map((r) => ({ kid: r.kid, key: hexBytes(r.intendedTrackType === 'AUDIO' ? AUDIO_KEY : VIDEO_KEY) }));
        res.writeHead(200, { 'content-type': 'application/xml' }).end(writeCpix({ ...request, contentKeys: keys }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/speke/v2.0`;
      const out = join(work, 'cpix-url');
      const result = await runCli(['package', sourceFile, '--segment-duration', '2', '-o', out, '--encrypt', 'cbcs', '--cpix', url]);
      expect(result.code, result.stderr).toBe(0);
      expect(requests).toBe(2);
      await checkDecrypts(out);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 120_000);

  it('reads the DASH-IF vectors: clear keys, and refuses broken signatures and MACs with clear errors', async () => {
    const clear = readCpix(await readFile(join(VECTORS, 'ClearContentKeysOnly.xml')));
    expect(clear.contentKeys).toHaveLength(4);
    expect(() => readCpix(readFileSync(join(VECTORS, 'Invalid_BadDocumentSignature.xml')))).toThrow(expect.objectContaining({ code: 'CPIX_BAD_SIGNATURE' }));
    expect(() => readCpix(readFileSync(join(VECTORS, 'Invalid_BadContentKeysSignature.xml')))).toThrow(expect.objectContaining({ code: 'CPIX_BAD_SIGNATURE' }));
    const refused = await runCli(['package', sourceFile, '-o', join(work, 'x'), '--encrypt', 'cenc', '--cpix', join(VECTORS, 'Invalid_BadContentKeysSignature.xml')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/CPIX_BAD_SIGNATURE/);
  }, 60_000);
});

describe('hostile XML is refused quickly with bounded memory', () => {
  const hostile: Record<string, string> = {
    'external entity': '<?xml version="1.0"?><!DOCTYPE CPIX [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CPIX xmlns="urn:dashif:org:cpix" contentId="&xxe;"/>',
    'billion laughs': `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><CPIX xmlns="urn:dashif:org:cpix" name="&lol9;"/>`,
  };
  for (const [name, xml] of Object.entries(hostile)) {
    it(`refuses the ${name} document (library and CLI) without expanding anything`, async () => {
      expect(() => readCpix(xml)).toThrow(expect.objectContaining({ code: 'CPIX_UNSAFE_XML', details: { reason: 'doctype' } }));
      const file = join(work, `${name.replace(/ /g, '-')}.xml`);
      await writeFile(file, xml);
      const result = await runCli(['package', sourceFile, '-o', join(work, 'x'), '--encrypt', 'cenc', '--cpix', file]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/CPIX_UNSAFE_XML/);
      expect(result.stderr).not.toContain('root:');
    }, 60_000);
  }

  it('refuses a 50 MB document before parsing it (size check first, heap does not hold a decoded copy)', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    big.write('<CPIX xmlns="urn:dashif:org:cpix">', 0);
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    let error: { code?: string; details?: { reason?: string } } | undefined;
    try {
      readXml(big);
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.code).toBe('CPIX_UNSAFE_XML');
    expect(error?.details?.reason).toBe('too-large');
    // Generous guards only: a decoded 50 MB document would be ~100 MB of UTF-16 on the heap and take far longer.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
