import { createServer } from 'node:http';
import { contentKeyFromHex, createClearKeyLicenseHandler } from '@ott/drm';

createServer(createClearKeyLicenseHandler({
  keys: [contentKeyFromHex(kid, key)],
  verifyToken: { secret: process.env.LICENSE_SECRET, audience: 'my-player', issuer: 'my-auth' }, // or jwks
})).listen(8080);
