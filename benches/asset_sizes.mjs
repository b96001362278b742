// Release asset sizes for scripts/bench: raw, gzip -9 and brotli (quality 11)
// of the wasm, JS and CSS that a first page load fetches.
//   node benches/asset_sizes.mjs SITE_PKG_DIR
// Prints one JSON line: {files: [{name, kind, raw, gzip, brotli}], first_load_brotli}.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
const kinds = { '.wasm': 'wasm', '.js': 'js', '.css': 'css' };
const files = readdirSync(dir)
  .map((name) => ({ name, kind: Object.entries(kinds).find(([ext]) => name.endsWith(ext))?.[1] }))
  .filter((f) => f.kind)
  .map(({ name, kind }) => {
    const bytes = readFileSync(join(dir, name));
    return {
      name,
      kind,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
console.log(JSON.stringify({ files, first_load_brotli: files.reduce((sum, f) => sum + f.brotli, 0) }));
