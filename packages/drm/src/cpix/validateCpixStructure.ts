import { readXml } from './xml/readXml.js';
import type { XmlElement } from './xml/XmlNode.js';
import { NS, attributeOf } from './xml/xmlQuery.js';

type Particle = readonly [name: string, min: number, max: number];
interface ElementModel {
  readonly sequence: readonly Particle[];
  readonly attributes: readonly string[];
  readonly required?: readonly string[];
  /** `xs:any namespace="##other"` at the end of the sequence. */
  readonly anyOther?: boolean;
}

const N = Number.POSITIVE_INFINITY;
const KEY_TYPE: readonly Particle[] = [['Issuer', 0, 1], ['AlgorithmParameters', 0, 1], ['KeyProfileId', 0, 1], ['KeyReference', 0, 1], ['FriendlyName', 0, 1], ['Data', 0, 1], ['UserId', 0, 1], ['Policy', 0, 1], ['Extensions', 0, N]];
const LIST = ['id', 'updateVersion'];

// The content model of the DASH-IF CPIX 2.3 schema (cpix.xsd): sequences, occurrence bounds, attributes.
const MODEL: Readonly<Record<string, ElementModel>> = {
  CPIX: { sequence: [['DeliveryDataList', 0, 1], ['ContentKeyList', 0, 1], ['DRMSystemList', 0, 1], ['ContentKeyPeriodList', 0, 1], ['ContentKeyUsageRuleList', 0, 1], ['UpdateHistoryItemList', 0, 1], ['ds:Signature', 0, N]], attributes: ['id', 'contentId', 'name', 'version'] },
  DeliveryDataList: { sequence: [['DeliveryData', 0, N]], attributes: LIST },
  DeliveryData: { sequence: [['DeliveryKey', 1, 1], ['DocumentKey', 1, 1], ['MACMethod', 0, 1], ['Description', 0, 1], ['SendingEntity', 0, 1], ['SenderPointOfContact', 0, 1], ['ReceivingEntity', 0, 1]], attributes: ['id', 'name', 'updateVersion'] },
  DocumentKey: { sequence: KEY_TYPE, attributes: ['id', 'Algorithm'] },
  ContentKeyList: { sequence: [['ContentKey', 0, N]], attributes: LIST },
  ContentKey: { sequence: KEY_TYPE, attributes: ['id', 'Algorithm', 'kid', 'explicitIV', 'dependsOnKey', 'commonEncryptionScheme'], required: ['kid'] },
  DRMSystemList: { sequence: [['DRMSystem', 0, N]], attributes: LIST },
  DRMSystem: { sequence: [['PSSH', 0, 1], ['ContentProtectionData', 0, 1], ['URIExtXKey', 0, 1], ['HLSSignalingData', 0, 2], ['SmoothStreamingProtectionHeaderData', 0, 1], ['HDSSignalingData', 0, 1]], attributes: ['id', 'systemId', 'kid', 'updateVersion'], required: ['systemId', 'kid'], anyOther: true },
  ContentKeyPeriodList: { sequence: [['ContentKeyPeriod', 0, N]], attributes: LIST },
  ContentKeyPeriod: { sequence: [], attributes: ['id', 'index', 'start', 'end'] },
  ContentKeyUsageRuleList: { sequence: [['ContentKeyUsageRule', 0, N]], attributes: LIST },
  ContentKeyUsageRule: { sequence: [['KeyPeriodFilter', 0, N], ['LabelFilter', 0, N], ['VideoFilter', 0, N], ['AudioFilter', 0, N], ['BitrateFilter', 0, N]], attributes: ['id', 'kid', 'intendedTrackType'], required: ['kid'], anyOther: true },
  KeyPeriodFilter: { sequence: [], attributes: ['periodId'], required: ['periodId'] },
  LabelFilter: { sequence: [], attributes: ['label'], required: ['label'] },
  VideoFilter: { sequence: [], attributes: ['minPixels', 'maxPixels', 'hdr', 'wcg', 'minFps', 'maxFps'] },
  AudioFilter: { sequence: [], attributes: ['minChannels', 'maxChannels'] },
  BitrateFilter: { sequence: [], attributes: ['minBitrate', 'maxBitrate'] },
  UpdateHistoryItemList: { sequence: [['UpdateHistoryItem', 0, N]], attributes: ['id'] },
  UpdateHistoryItem: { sequence: [], attributes: ['id', 'updateVersion', 'index', 'source', 'date'], required: ['updateVersion', 'index', 'source', 'date'] },
};
const INTEGER = new Set(['updateVersion', 'index', 'minPixels', 'maxPixels', 'minFps', 'maxFps', 'minChannels', 'maxChannels', 'minBitrate', 'maxBitrate']);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Checks a CPIX document against the structure of the DASH-IF CPIX 2.3 schema: element order and occurrence in every
 * `xs:sequence`, required and allowed attributes, integer and UUID attribute values, and that each `pskc:Secret`
 * holds exactly one of `PlainValue` / `EncryptedValue`. Returns the problems found (empty = valid). This is a
 * hand-written check of the schema's content model, not a general XSD validator (no XSD engine ships with Node).
 */
export function validateCpixStructure(xml: string | Uint8Array): string[] {
  const root = readXml(xml);
  const problems: string[] = [];
  if (root.namespace !== NS.cpix || root.localName !== 'CPIX') return [`root element is <${root.name}>, expected CPIX in ${NS.cpix}`];
  check(root, 'CPIX', problems);
  return problems;
}

function check(el: XmlElement, path: string, problems: string[]): void {
  const model = MODEL[el.localName];
  if (model === undefined) return;
  for (const a of el.attributes) {
    if (a.namespace !== '') continue;
    if (!model.attributes.includes(a.localName)) problems.push(`${path}: attribute ${a.localName} is not allowed`);
    if (INTEGER.has(a.localName) && !/^[+-]?\d+$/.test(a.value.trim())) problems.push(`${path}@${a.localName}: '${a.value}' is not an integer`);
    if ((a.localName === 'kid' || a.localName === 'systemId') && !UUID.test(a.value.trim())) problems.push(`${path}@${a.localName}: '${a.value}' is not a UUID`);
  }
  for (const name of model.required ?? []) if (attributeOf(el, name) === undefined) problems.push(`${path}: required attribute ${name} is missing`);
  const children = el.children.filter((c): c is XmlElement => c.type === 'element');
  let at = 0;
  let count = 0;
  for (const child of children) {
    const name = child.namespace === NS.cpix ? child.localName : child.namespace === NS.ds ? `ds:${child.localName}` : undefined;
    const start = at;
    while (at < model.sequence.length && model.sequence[at]?.[0] !== name) {
      if (count < (model.sequence[at]?.[1] ?? 0)) problems.push(`${path}: ${model.sequence[at]?.[0]} is required before ${child.name}`);
      at += 1;
      count = 0;
    }
    if (at === model.sequence.length) {
      if (model.anyOther === true && child.namespace !== NS.cpix) continue;
      problems.push(`${path}: ${child.name} is not allowed here (unknown element or out of order)`);
      at = start;
      continue;
    }
    count += 1;
    if (count > (model.sequence[at]?.[2] ?? 1)) problems.push(`${path}: too many ${child.name} elements`);
    if (child.localName === 'Data' && child.namespace === NS.cpix) checkSecret(child, `${path}/Data`, problems);
    check(child, `${path}/${child.localName}`, problems);
  }
  for (let rest = at; rest < model.sequence.length; rest += 1) {
    const [name, min] = model.sequence[rest] ?? ['', 0];
    if ((rest === at ? count : 0) < min) problems.push(`${path}: required element ${name} is missing`);
  }
}

function checkSecret(data: XmlElement, path: string, problems: string[]): void {
  const secret = data.children.find((c): c is XmlElement => c.type === 'element' && c.namespace === NS.pskc && c.localName === 'Secret');
  if (secret === undefined) return;
  const values = secret.children.filter((c): c is XmlElement => c.type === 'element' && c.namespace === NS.pskc && (c.localName === 'PlainValue' || c.localName === 'EncryptedValue'));
  if (values.length !== 1) problems.push(`${path}/Secret: expected exactly one of pskc:PlainValue or pskc:EncryptedValue, found ${values.length}`);
}
