// Minifies a release build's JavaScript (the wasm-bindgen glue and the app's own small
// modules) in Trunk's staging directory, with terser: Trunk's own minifier cannot parse
// the glue, so it would ship with its comments and long names. The page checks each
// file's integrity, so index.html gets the new digests. (Trunk runs wasm-opt itself:
// `data-wasm-opt` in index.html.)
//   node scripts/minify.mjs STAGING_DIR
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const staging = process.argv[2];
if (!staging) throw new Error('usage: minify.mjs STAGING_DIR');

const digest = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');

// The service worker is written after this, and not loaded by the page.
const scripts = readdirSync(staging, { recursive: true }).filter((n) => n.endsWith('.js') && n !== 'sw.js');
for (const name of scripts) {
  const path = join(staging, name);
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
