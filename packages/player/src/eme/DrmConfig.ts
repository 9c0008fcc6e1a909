/** Per key system settings (Widevine, PlayReady, FairPlay, ClearKey with a server). */
export interface KeySystemConfig {
  /** License server URL; the CDM's message is POSTed there and the response passed to `session.update`. */
  readonly licenseUrl?: string;
  /** Extra request headers for the license request (tokens). */
  readonly headers?: Readonly<Record<string, string>>;
  /** FairPlay: server certificate URL (passed through to `setServerCertificate`). */
  readonly serverCertificateUrl?: string;
  /** Robustness strings for `requestMediaKeySystemAccess`. */
  readonly videoRobustness?: string;
  readonly audioRobustness?: string;
}

/**
 * DRM options of the player. `clearKeys` maps key IDs to keys (both 32 hex digits) and answers ClearKey license
 * requests locally; `servers` configures key systems by name (`org.w3.clearkey`, `com.widevine.alpha`,
 * `com.microsoft.playready`, `com.apple.fps`), tried in the given order.
 *
 * @example
 * ```ts
 * declare const video: HTMLVideoElement, src: string;
 * createPlayer(video, { src, drm: { clearKeys: { 'abba271e8bcf552bbd2e86a434a9a5d9': '69eaa802a6763af979e8d1940fb88392' } } });
 * ```
 */
export interface DrmConfig {
  readonly clearKeys?: Readonly<Record<string, string>>;
  readonly servers?: Readonly<Record<string, KeySystemConfig>>;
}
