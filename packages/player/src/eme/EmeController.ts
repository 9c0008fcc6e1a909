import { PlayerError } from '../errors/PlayerError.js';
import type { ProtectionInfo } from '../manifest/Presentation.js';
import type { InitInfo } from '../mp4/readInit.js';
import { clearKeyLicense, keyIdsInitData, toBase64Url } from './clearKeyLicense.js';
import type { DrmConfig } from './DrmConfig.js';

const CLEARKEY = 'org.w3.clearkey';

/**
 * Sets up EME for a media element: picks the first configured key system the browser supports, attaches
 * MediaKeys, and opens one session per init data (from `pssh` in init segments, manifest ContentProtection /
 * EXT-X-KEY, or ClearKey `keyids` from the `tenc` default KID). Licenses come from inline ClearKey keys or a
 * license server. `destroy()` closes sessions and detaches MediaKeys.
 */
export class EmeController {
  private keys: Promise<{ mediaKeys: MediaKeys; keySystem: string } | undefined> | undefined;
  private readonly sessions: MediaKeySession[] = [];
  private readonly seen = new Set<string>();
  private readonly onEncrypted = (event: MediaEncryptedEvent): void => {
    // ClearKey sessions are opened from the tenc KIDs (keyids); a pssh of another system would only be refused.
    if (event.initData && !this.config.clearKeys) void this.request(event.initDataType, new Uint8Array(event.initData)).catch((e) => this.onError(e));
  };

  constructor(
    private readonly video: HTMLMediaElement,
    private readonly config: DrmConfig,
    private readonly onError: (error: PlayerError) => void,
  ) {
    video.addEventListener('encrypted', this.onEncrypted);
  }

  /** True when DRM options were given. */
  get enabled(): boolean {
    return Boolean(this.config.clearKeys || this.config.servers);
  }

  /** Creates and attaches MediaKeys once (before encrypted media is appended). */
  attach(codecs: { video?: string; audio?: string }, protection: readonly ProtectionInfo[]): Promise<{ mediaKeys: MediaKeys; keySystem: string } | undefined> {
    this.keys ??= this.createKeys(codecs, protection);
    return this.keys;
  }

  private async createKeys(codecs: { video?: string; audio?: string }, protection: readonly ProtectionInfo[]) {
    const systems = [...(this.config.clearKeys ? [CLEARKEY] : []), ...Object.keys(this.config.servers ?? {})];
    if (systems.length === 0) systems.push(...new Set(protection.map((p) => p.keySystem)));
    for (const keySystem of systems) {
      const server = this.config.servers?.[keySystem];
      const capabilities: MediaKeySystemConfiguration = {
        initDataTypes: ['cenc', 'keyids'],
        ...(codecs.video ? { videoCapabilities: [{ contentType: codecs.video, ...(server?.videoRobustness ? { robustness: server.videoRobustness } : {}) }] } : {}),
        ...(codecs.audio ? { audioCapabilities: [{ contentType: codecs.audio, ...(server?.audioRobustness ? { robustness: server.audioRobustness } : {}) }] } : {}),
      };
      try {
        const access = await navigator.requestMediaKeySystemAccess(keySystem, [capabilities]);
        const mediaKeys = await access.createMediaKeys();
        if (server?.serverCertificateUrl) {
          const certificate = await (await fetch(server.serverCertificateUrl)).arrayBuffer();
          await mediaKeys.setServerCertificate(certificate);
        }
        await this.video.setMediaKeys(mediaKeys);
        return { mediaKeys, keySystem };
      } catch {
        // try the next configured key system
      }
    }
    throw new PlayerError('DRM_FAILED', `None of the key systems ${systems.join(', ') || '(none configured)'} is available in this browser. Configure drm.clearKeys or drm.servers for a supported one.`, {
      stage: 'eme', details: { systems },
    });
  }

  /** Opens key sessions for an encrypted init segment (its `tenc` default KID and `pssh` boxes); errors go to `onError`. */
  async openForInit(info: InitInfo, protection: readonly ProtectionInfo[]): Promise<void> {
    const kid = info.tracks.find((t) => t.defaultKid)?.defaultKid;
    if (!kid && info.pssh.length === 0) return;
    try {
      await this.requestForTrack(kid, info.pssh, protection);
    } catch (error) {
      this.onError(error instanceof PlayerError ? error : new PlayerError('DRM_FAILED', String(error), { stage: 'eme', cause: error }));
    }
  }

  /** Requests keys for an encrypted track: `tenc` KIDs (ClearKey) or `pssh` boxes (any system). */
  async requestForTrack(kid: string | undefined, pssh: readonly Uint8Array[], protection: readonly ProtectionInfo[]): Promise<void> {
    const keys = await this.keys;
    if (!keys) return;
    if (keys.keySystem === CLEARKEY) {
      const kids = [...new Set([kid, ...protection.map((p) => p.kid)].filter((k): k is string => Boolean(k)))];
      if (kids.length > 0) await this.request('keyids', keyIdsInitData(kids));
      return;
    }
    const fromManifest = protection.filter((p) => p.keySystem === keys.keySystem && p.pssh).map((p) => p.pssh as Uint8Array);
    for (const data of [...pssh, ...fromManifest]) await this.request('cenc', data);
  }

  private async request(initDataType: string, initData: Uint8Array): Promise<void> {
    const keys = await this.keys;
    if (!keys) return;
    const id = `${initDataType}:${toBase64Url(initData)}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const session = keys.mediaKeys.createSession();
    this.sessions.push(session);
    session.addEventListener('message', (event) => {
      void this.answer(keys.keySystem, session, event.message).catch((e) => this.onError(e instanceof PlayerError ? e : new PlayerError('DRM_FAILED', `License exchange failed: ${String(e)}`, { stage: 'eme', cause: e })));
    });
    try {
      await session.generateRequest(initDataType, initData as Uint8Array<ArrayBuffer>);
    } catch (cause) {
      // A CDM refuses init data for other systems (a PlayReady pssh given to ClearKey): only fatal if nothing else works.
      this.seen.delete(id);
      throw new PlayerError('DRM_FAILED', `The ${keys.keySystem} CDM refused ${initDataType} init data: ${String(cause)}.`, { stage: 'eme', fatal: false, cause });
    }
  }

  private async answer(keySystem: string, session: MediaKeySession, message: ArrayBuffer): Promise<void> {
    const server = this.config.servers?.[keySystem];
    if (keySystem === CLEARKEY && this.config.clearKeys && !server?.licenseUrl) {
      await session.update(clearKeyLicense(message, this.config.clearKeys) as Uint8Array<ArrayBuffer>);
      return;
    }
    if (!server?.licenseUrl) {
      throw new PlayerError('DRM_FAILED', `The ${keySystem} CDM asked for a license but drm.servers['${keySystem}'].licenseUrl is not set.`, { stage: 'eme' });
    }
    const response = await fetch(server.licenseUrl, { method: 'POST', body: message, headers: { ...server.headers } });
    if (!response.ok) {
      throw new PlayerError('DRM_FAILED', `License server ${server.licenseUrl} answered HTTP ${response.status}; expected 200 with a license.`, { stage: 'eme', details: { status: response.status } });
    }
    await session.update(await response.arrayBuffer());
  }

  /** Closes sessions and releases MediaKeys from the element. */
  async destroy(): Promise<void> {
    this.video.removeEventListener('encrypted', this.onEncrypted);
    await Promise.allSettled(this.sessions.splice(0).map((s) => s.close()));
    if (this.keys) {
      this.keys = undefined;
      await this.video.setMediaKeys(null).catch(() => undefined);
    }
  }
}
