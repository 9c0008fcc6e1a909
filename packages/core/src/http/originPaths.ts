/** Where `@ott/origin` (and the S3 origin) serve their clock for DASH `UTCTiming` (`urn:mpeg:dash:utc:http-xsdate:2014`). */
export const TIME_PATH = '/.ott/time';
