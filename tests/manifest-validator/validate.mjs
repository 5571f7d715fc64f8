// Validates Kubernetes manifests offline: node validate.mjs FILE.yaml...
//  1. the schema: each document is built as its kubernetes-models class (Kubernetes' OpenAPI schema for core and
//     apps objects; the prometheus-operator CRDs' schemas for ServiceMonitor, PodMonitor, PrometheusRule) and
//     validated (types, required fields, enums, formats);
//  2. unknown fields: those schemas allow extra properties, so each document is also type-checked by TypeScript
//     as an object literal of the model's interface, whose excess-property check rejects a field the API does
//     not have, at any depth (a typo such as "hostPid" or "readOnlyRootFileSystem").
// Prints "ok <file> <Kind>/<name>" per document; on any error prints them and exits 1.
// node validate.mjs --json FILE.yaml: prints the file's documents as one JSON array (no validation), for tests
// that read YAML (C# has no YAML reader here).
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

function modelModule(apiVersion, kind) {
  if (apiVersion === "v1") return `kubernetes-models/v1/${kind}`;
  if (apiVersion === "monitoring.coreos.com/v1") return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`;
  if (/^[a-z0-9.]+\/v[0-9a-z]+$/.test(apiVersion)) return `kubernetes-models/${apiVersion}/${kind}`;
  return null;
}

if (process.argv[2] === "--json") {
  const docs = parseAllDocuments(readFileSync(process.argv[3], "utf8"));
  for (const d of docs) if (d.errors.length) { console.error(d.errors.map(e => e.message).join("; ")); process.exit(1); }
  console.log(JSON.stringify(docs.map(d => d.toJS()).filter(o => o !== null)));
  process.exit(0);
}

const errors = [];
const checks = [];
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const d of docs) {
    if (d.errors.length) {
      errors.push(`${file}: YAML: ${d.errors.map(e => e.message).join("; ")}`);
      continue;
    }
    const obj = d.toJS();
    if (obj === null) continue;
    const where = `${file} ${obj.kind}/${obj.metadata?.name}`;
    const mod = modelModule(obj.apiVersion, obj.kind);
    let Model;
    try {
      Model = mod && (await import(mod))[obj.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      errors.push(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      errors.push(`${where}: schema: ${e.message}`);
      continue;
    }
    checks.push({ where, mod, kind: obj.kind, obj });
  }
}

// Unknown fields: one .ts file per document, "const doc: IKind = {...}", type-checked together.
const ts = (await import("typescript")).default;
const dir = mkdtempSync(join(here, ".tscheck-"));
try {
  const files = checks.map((c, i) => {
    const f = join(dir, `doc${i}.ts`);
    writeFileSync(f, `import type { I${c.kind} } from "${c.mod}";\nexport const doc: I${c.kind} = ${JSON.stringify(c.obj, null, 2)};\n`);
    return f;
  });
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [],
  });
  for (const diag of ts.getPreEmitDiagnostics(program)) {
    const i = files.indexOf(diag.file?.fileName);
    const where = i >= 0 ? checks[i].where : (diag.file?.fileName ?? "tsc");
    const line = diag.file && diag.start !== undefined ? diag.file.getLineAndCharacterOfPosition(diag.start).line + 1 : 0;
    const text = diag.file ? diag.file.text.split("\n")[line - 1]?.trim() : "";
    errors.push(`${where}: unknown or mistyped field at ${text}: ${ts.flattenDiagnosticMessageText(diag.messageText, " ")}`);
    if (i >= 0) checks[i].failed = true;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

for (const c of checks) if (!c.failed) console.log(`ok ${c.where}`);
for (const e of errors) console.log(`error ${e}`);
process.exit(errors.length ? 1 : 0);
