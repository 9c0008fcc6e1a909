/** A content key of a CPIX document (`ContentKey`). `key` is absent when it was encrypted and not decrypted. */
export interface CpixContentKey {
  /** 16-byte key id (CPIX `kid`, a UUID). */
  readonly kid: Uint8Array;
  /** The key value (16 bytes for CENC; 32 allowed). Never log it. */
  readonly key?: Uint8Array;
  /** `explicitIV`: the IV to use with this key (8 or 16 bytes). */
  readonly explicitIV?: Uint8Array;
  /** CPIX 2.3 `commonEncryptionScheme`: `cenc`, `cbc1`, `cens` or `cbcs`. */
  readonly commonEncryptionScheme?: string;
  readonly dependsOnKey?: string;
  readonly id?: string;
}

/** DRM signalling of one key for one DRM system (`DRMSystem`); binary fields decoded from base64. */
export interface CpixDrmSystem {
  readonly kid: Uint8Array;
  /** DRM system id, lower-case UUID. */
  readonly systemId: string;
  /** Whole `pssh` box. */
  readonly pssh?: Uint8Array;
  /** DASH `ContentProtection` child elements (XML text). */
  readonly contentProtectionData?: string;
  /** HLS `EXT-X-KEY` URI. */
  readonly uriExtXKey?: string;
  /** HLS signalling tags by playlist (`HLSSignalingData@playlist`: `master` | `media`). */
  readonly hlsSignalingData?: { readonly master?: string; readonly media?: string };
  readonly smoothStreamingProtectionHeaderData?: string;
  readonly id?: string;
}

/** A video filter of a usage rule (`VideoFilter`; pixels = width × height). */
export interface CpixVideoFilter {
  readonly minPixels?: number;
  readonly maxPixels?: number;
  readonly hdr?: boolean;
  readonly wcg?: boolean;
  readonly minFps?: number;
  readonly maxFps?: number;
}

/** An audio filter of a usage rule (`AudioFilter`). */
export interface CpixAudioFilter {
  readonly minChannels?: number;
  readonly maxChannels?: number;
}

/** A bitrate filter of a usage rule (`BitrateFilter`, bits/s). */
export interface CpixBitrateFilter {
  readonly minBitrate?: number;
  readonly maxBitrate?: number;
}

/**
 * Which content key to use for which tracks (`ContentKeyUsageRule`). A track matches a rule when it matches every
 * kind of filter present (filters of the same kind: any one of them).
 */
export interface CpixUsageRule {
  readonly kid: Uint8Array;
  /** Free label such as `SD`, `HD`, `UHD`, `AUDIO` (CPIX 2.3). */
  readonly intendedTrackType?: string;
  readonly keyPeriodFilter?: readonly { readonly periodId: string }[];
  readonly labelFilter?: readonly { readonly label: string }[];
  readonly videoFilter?: readonly CpixVideoFilter[];
  readonly audioFilter?: readonly CpixAudioFilter[];
  readonly bitrateFilter?: readonly CpixBitrateFilter[];
  readonly id?: string;
}

/** A key period (`ContentKeyPeriod`) for key rotation: by `index` or by a `start`/`end` time range. */
export interface CpixKeyPeriod {
  readonly id?: string;
  readonly index?: number;
  /** ISO 8601 date-time as written. */
  readonly start?: string;
  readonly end?: string;
}

/** A recipient the content keys are encrypted for (`DeliveryData`). */
export interface CpixRecipient {
  /** The recipient's certificate, DER. */
  readonly certificate: Uint8Array;
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
  readonly sendingEntity?: string;
  readonly senderPointOfContact?: string;
  readonly receivingEntity?: string;
}

/** A verified XML signature (XMLDSig) of a CPIX document. */
export interface CpixSignature {
  /** What it covers: `'document'` or the local name of a signed list (`ContentKeyList`, …). */
  readonly covers: readonly string[];
  /** The signer's certificate, DER. */
  readonly certificate: Uint8Array;
}

/** A CPIX 2.3 document (DASH-IF Content Protection Information Exchange Format). */
export interface CpixDocument {
  readonly id?: string;
  readonly contentId?: string;
  readonly name?: string;
  /** CPIX `version` (2.3 writes `2.3`). */
  readonly version?: string;
  readonly contentKeys: readonly CpixContentKey[];
  readonly drmSystems: readonly CpixDrmSystem[];
  readonly keyPeriods: readonly CpixKeyPeriod[];
  readonly usageRules: readonly CpixUsageRule[];
  /** `DeliveryData`: recipients of encrypted content keys (empty when the keys are in the clear). */
  readonly recipients: readonly CpixRecipient[];
  /** Signatures found and verified (absent when there were none or verification was skipped). */
  readonly signatures?: readonly CpixSignature[];
}
