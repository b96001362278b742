// Draws the benchmark's side-by-side chart: for each figure, a bar for
// Bookstore and one for the peer, each scaled to the larger of the two, with
// the values and the ratio written beside them. A small hand-made SVG (no
// plotting library: two rectangles and three labels per figure).
//
//   node benches/chart.mjs RESULTS.json OUT.svg
// RESULTS.json: {title, subtitle, figures: [{label, unit, bookstore, peer, better: "higher" | "lower"}]}
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const { title, subtitle, figures } = JSON.parse(readFileSync(input, 'utf8'));

const width = 900;
const left = 280;
const barMax = 360;
const rowHeight = 64;
const top = 70;
const height = top + figures.length * rowHeight + 40;
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const format = (value) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 10) / 10));

const rows = figures.map((figure, index) => {
  const y = top + index * rowHeight;
  const largest = Math.max(figure.bookstore, figure.peer, 1e-9);
  const bar = (value, offset, fill, name) => {
    const w = Math.max(1, Math.round((value / largest) * barMax));
    return `<rect x="${left}" y="${y + offset}" width="${w}" height="18" fill="${fill}"/>`
      + `<text x="${left + w + 6}" y="${y + offset + 14}" class="value">${escape(name)}: ${format(value)} ${escape(figure.unit)}</text>`;
  };
  const ratio = figure.peer > 0 ? figure.bookstore / figure.peer : 0;
  const better = figure.better === 'higher' ? ratio >= 1 : ratio <= 1;
  return [
    `<text x="12" y="${y + 16}" class="label">${escape(figure.label)}</text>`,
    `<text x="12" y="${y + 36}" class="ratio ${better ? 'ahead' : 'behind'}">${ratio.toFixed(2)}\u00d7 the peer (${figure.better} is better)</text>`,
    bar(figure.bookstore, 0, '#2f6f4f', 'Bookstore'),
    bar(figure.peer, 22, '#9a9a9a', 'mod_auth_openidc'),
  ].join('\n');
});

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">
<style>.title{font-size:17px;font-weight:600}.label{font-weight:600}.value{fill:#222}.ratio{font-size:12px}.ahead{fill:#2f6f4f}.behind{fill:#a33}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="26" class="title">${escape(title)}</text>
<text x="12" y="46" fill="#555">${escape(subtitle)}</text>
${rows.join('\n')}
</svg>
`;
writeFileSync(output, svg);
