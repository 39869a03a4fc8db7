#!/usr/bin/env node
// editors/textmate/tests/run.js: tokenizes every fixture (tests/fixtures/*.bd)
// with beskid.tmLanguage.json through vscode-textmate and vscode-oniguruma
// (the engine VS Code uses) and compares the tokens and their scopes with
// the golden file beside it (NAME.bd.scopes). `--update` rewrites the
// goldens; review the diff before committing one.
// Golden format: for each source line `N: text`, then one line per token:
// `  "token text" scope scope …` (the root scope source.beskid left out).
'use strict';
const fs = require('fs');
const path = require('path');

const here = __dirname;
const root = path.dirname(here);
let vsctm, oniguruma;
try {
  vsctm = require(path.join(root, 'node_modules', 'vscode-textmate'));
  oniguruma = require(path.join(root, 'node_modules', 'vscode-oniguruma'));
} catch (e) {
  console.error('textmate tests: vscode-textmate/vscode-oniguruma missing: run `npm ci` in editors/textmate ' +
                '(scripts/setup.sh does)');
  process.exit(1);
}

async function main() {
  const update = process.argv.includes('--update');
  const wasm = fs.readFileSync(path.join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.beskid') return null;
      const file = path.join(root, 'beskid.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('source.beskid');
  const dir = path.join(here, 'fixtures');
  const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.bd')).sort();
  let failed = 0;
  for (const name of fixtures) {
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    let state = vsctm.INITIAL;
    const out = [];
    lines.forEach((line, i) => {
      const r = grammar.tokenizeLine(line, state);
      out.push(`${i + 1}: ${line}`);
      for (const t of r.tokens) {
        const text = line.substring(t.startIndex, t.endIndex);
        if (text.trim() === '') continue; // whitespace between tokens
        out.push(`  ${JSON.stringify(text)} ${t.scopes.filter((s) => s !== 'source.beskid').join(' ')}`);
      }
      state = r.ruleStack;
    });
    const actual = out.join('\n') + '\n';
    const goldenPath = path.join(dir, name + '.scopes');
    if (update) {
      fs.writeFileSync(goldenPath, actual);
      console.log(`updated ${name}.scopes`);
      continue;
    }
    const golden = fs.existsSync(goldenPath) ? fs.readFileSync(goldenPath, 'utf8') : '';
    if (golden === actual) {
      console.log(`PASS ${name}`);
      continue;
    }
    failed++;
    const a = actual.split('\n'), g = golden.split('\n');
    let k = 0;
    while (k < a.length && k < g.length && a[k] === g[k]) k++;
    console.log(`FAIL ${name}: first difference at golden line ${k + 1}`);
    console.log(`  expected: ${g[k] === undefined ? '(end)' : g[k]}`);
    console.log(`  actual:   ${a[k] === undefined ? '(end)' : a[k]}`);
  }
  console.log(`textmate: ${fixtures.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
