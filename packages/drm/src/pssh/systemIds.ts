/** DRM system ids (DASH-IF registry), lower-case UUIDs. */
export const SYSTEM_IDS = {
  widevine: 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed',
  playready: '9a04f079-9840-4286-ab92-e65be0885f95',
  fairplay: '94ce86fb-07ff-4f43-adb8-93d2fa968ca2',
  /** W3C Common PSSH box format (used by ClearKey in `pssh`). */
  common: '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b',
  /** DASH-IF ClearKey `ContentProtection` scheme. */
  clearkey: 'e2719d58-a985-b3c9-781a-b030af78d30e',
} as const;

/** The DRM systems that can be signalled. */
export type DrmSystemName = 'widevine' | 'playready' | 'fairplay' | 'clearkey';

/** All names, for argument checks. */
export const DRM_SYSTEM_NAMES: readonly DrmSystemName[] = ['widevine', 'playready', 'fairplay', 'clearkey'];
