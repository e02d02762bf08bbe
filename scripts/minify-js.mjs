// Shrinks the JavaScript of a release build in Trunk's staging directory (the
// wasm-bindgen glue and the app's own modules): Trunk's minifier cannot parse the glue,
// so the first load would carry it with its comments and long names. The page checks
// each script's integrity, so index.html gets the new digests.
//   node scripts/minify-js.mjs STAGING_DIR
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const staging = process.argv[2];
if (!staging) throw new Error('usage: minify-js.mjs STAGING_DIR');

const digest = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

// The service worker is written after this, and not loaded by the page.
const scripts = readdirSync(staging, { recursive: true })
  .filter((name) => name.endsWith('.js') && name !== 'sw.js')
  .map((name) => join(staging, name));

const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const path of scripts) {
  const source = readFileSync(path, 'utf8');
  const { code } = await minify(source, {
    module: true,
    compress: { passes: 2 },
    format: { comments: false },
  });
  writeFileSync(path, code);
  index = index.replaceAll(digest(source), digest(code));
}
writeFileSync(indexPath, index);
