import type { CpixDrmSystem, CpixKeyPeriod, CpixRecipient, CpixUsageRule } from './CpixDocument.js';
import { parseBase64, parseBoolean, parseInteger, parseKid } from './cpixValues.js';
import { deliveryCertificate } from './openDeliveryData.js';
import type { XmlElement } from './xml/XmlNode.js';
import { NS, attributeOf, childElement, childElements, textOf } from './xml/xmlQuery.js';

function items(root: XmlElement, list: string, item: string): XmlElement[] {
  const el = childElement(root, NS.cpix, list);
  return el === undefined ? [] : childElements(el, NS.cpix, item);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function utf8(el: XmlElement | undefined, where: string): string | undefined {
  const text = textOf(el);
  return text === undefined ? undefined : Buffer.from(parseBase64(text, where)).toString('utf8');
}

/** `DRMSystemList/DRMSystem` entries (CPIX 2.3 §5.2.5). */
export function readDrmSystems(root: XmlElement): CpixDrmSystem[] {
  return items(root, 'DRMSystemList', 'DRMSystem').map((el) => {
    const systemId = (attributeOf(el, 'systemId') ?? '').trim().toLowerCase();
    parseKid(systemId, 'DRMSystem systemId');
    const pssh = textOf(childElement(el, NS.cpix, 'PSSH'));
    const hls: { master?: string; media?: string } = {};
    for (const h of childElements(el, NS.cpix, 'HLSSignalingData')) {
      hls[attributeOf(h, 'playlist') === 'master' ? 'master' : 'media'] = utf8(h, 'HLSSignalingData');
    }
    return {
      kid: parseKid(attributeOf(el, 'kid'), 'DRMSystem'),
      systemId,
      ...optional('id', attributeOf(el, 'id')),
      ...optional('pssh', pssh === undefined ? undefined : parseBase64(pssh, 'DRMSystem/PSSH')),
      ...optional('contentProtectionData', utf8(childElement(el, NS.cpix, 'ContentProtectionData'), 'ContentProtectionData')),
      ...optional('uriExtXKey', utf8(childElement(el, NS.cpix, 'URIExtXKey'), 'URIExtXKey')),
      ...optional('hlsSignalingData', hls.master === undefined && hls.media === undefined ? undefined : hls),
      ...optional('smoothStreamingProtectionHeaderData', utf8(childElement(el, NS.cpix, 'SmoothStreamingProtectionHeaderData'), 'SmoothStreamingProtectionHeaderData')),
    };
  });
}

/** `ContentKeyPeriodList/ContentKeyPeriod` entries. */
export function readKeyPeriods(root: XmlElement): CpixKeyPeriod[] {
  return items(root, 'ContentKeyPeriodList', 'ContentKeyPeriod').map((el) => ({
    ...optional('id', attributeOf(el, 'id')),
    ...optional('index', parseInteger(attributeOf(el, 'index'), 'ContentKeyPeriod@index')),
    ...optional('start', attributeOf(el, 'start')),
    ...optional('end', attributeOf(el, 'end')),
  }));
}

/** `ContentKeyUsageRuleList/ContentKeyUsageRule` entries with their filters. */
export function readUsageRules(root: XmlElement): CpixUsageRule[] {
  return items(root, 'ContentKeyUsageRuleList', 'ContentKeyUsageRule').map((el) => {
    const int = (f: XmlElement, name: string): number | undefined => parseInteger(attributeOf(f, name), `${f.localName}@${name}`);
    const filters = <T>(local: string, read: (f: XmlElement) => T): T[] | undefined => {
      const found = childElements(el, NS.cpix, local);
      return found.length === 0 ? undefined : found.map(read);
    };
    return {
      kid: parseKid(attributeOf(el, 'kid'), 'ContentKeyUsageRule'),
      ...optional('id', attributeOf(el, 'id')),
      ...optional('intendedTrackType', attributeOf(el, 'intendedTrackType')),
      ...optional('keyPeriodFilter', filters('KeyPeriodFilter', (f) => ({ periodId: attributeOf(f, 'periodId') ?? '' }))),
      ...optional('labelFilter', filters('LabelFilter', (f) => ({ label: attributeOf(f, 'label') ?? '' }))),
      ...optional('videoFilter', filters('VideoFilter', (f) => ({
        ...optional('minPixels', int(f, 'minPixels')), ...optional('maxPixels', int(f, 'maxPixels')),
        ...optional('hdr', parseBoolean(attributeOf(f, 'hdr'), 'VideoFilter@hdr')), ...optional('wcg', parseBoolean(attributeOf(f, 'wcg'), 'VideoFilter@wcg')),
        ...optional('minFps', int(f, 'minFps')), ...optional('maxFps', int(f, 'maxFps')),
      }))),
      ...optional('audioFilter', filters('AudioFilter', (f) => ({ ...optional('minChannels', int(f, 'minChannels')), ...optional('maxChannels', int(f, 'maxChannels')) }))),
      ...optional('bitrateFilter', filters('BitrateFilter', (f) => ({ ...optional('minBitrate', int(f, 'minBitrate')), ...optional('maxBitrate', int(f, 'maxBitrate')) }))),
    };
  });
}

/** `DeliveryDataList/DeliveryData` entries as recipients. */
export function readRecipients(root: XmlElement): CpixRecipient[] {
  return items(root, 'DeliveryDataList', 'DeliveryData').map((el) => {
    const certificate = deliveryCertificate(el);
    return {
      certificate: certificate === undefined ? new Uint8Array(0) : Uint8Array.from(certificate.raw),
      ...optional('id', attributeOf(el, 'id')),
      ...optional('name', attributeOf(el, 'name')),
      ...optional('description', textOf(childElement(el, NS.cpix, 'Description'))),
      ...optional('sendingEntity', textOf(childElement(el, NS.cpix, 'SendingEntity'))),
      ...optional('senderPointOfContact', textOf(childElement(el, NS.cpix, 'SenderPointOfContact'))),
      ...optional('receivingEntity', textOf(childElement(el, NS.cpix, 'ReceivingEntity'))),
    };
  });
}

export { optional };
