/**
 * What the extension declares about trust, and a static check that backs it: no source file of the CLI,
 * the language server or the client imports a module that runs processes, opens sockets or compiles
 * code, and no source loads a module by a computed name. The built bundles may contain such modules only
 * where a listed library brings them (each listed with why it is harmless here).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { ROOT } from "../helpers/cli";

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  extensionKind?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: unknown }; virtualWorkspaces?: unknown };
};

/** Node modules that run processes or threads, open sockets, or compile and run code. */
const DANGEROUS = new Set(["child_process", "net", "http", "https", "http2", "dgram", "tls", "worker_threads", "cluster", "vm", "inspector"]);
const builtin = (spec: string): string => spec.replace(/^node:/, "").split("/")[0]!;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(m|c)?tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

interface ModuleUse {
  where: string;
  what: string;
}

/** Every module a file imports or requires, and every load whose module name is computed. */
function moduleUses(file: string): ModuleUse[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const uses: ModuleUse[] = [];
  const where = (node: ts.Node): string => `${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      uses.push({ where: where(node), what: node.moduleSpecifier.text });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      uses.push({ where: where(node), what: node.moduleReference.expression.text });
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require");
      const evaluates = ts.isIdentifier(callee) && callee.text === "eval";
      if (evaluates) uses.push({ where: where(node), what: "eval(...)" });
      if (loads) {
        const arg = node.arguments[0];
        uses.push({ where: where(node), what: arg && ts.isStringLiteral(arg) ? arg.text : `computed ${callee.getText(sf)}(...)` });
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Function") {
      uses.push({ where: where(node), what: "new Function(...)" });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return uses;
}

describe("trust: the manifest", () => {
  test("Restricted Mode is supported, and said why", () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, true);
    assert.equal(typeof untrusted?.description, "string");
    assert.match(untrusted!.description as string, /never runs, imports or requires analyzed code/);
  });

  test("the extension runs where the workspace is (extensionKind workspace)", () => {
    assert.deepEqual(manifest.extensionKind, ["workspace"]);
  });
});

describe("trust: what the sources load", () => {
  const files = [...sourceFiles(path.join(ROOT, "client/src")), ...sourceFiles(path.join(ROOT, "server/src"))];

  test("the walk finds the sources (so an empty result below means something)", () => {
    assert.ok(files.some((f) => f.endsWith("client/src/extension.ts")));
    assert.ok(files.some((f) => f.endsWith("server/src/analysis/loader.ts")));
    const loaderUses = moduleUses(path.join(ROOT, "server/src/analysis/loader.ts")).map((u) => u.what);
    assert.ok(loaderUses.includes("node:fs"), "imports are seen");
  });

  test("no source imports child_process, net, http(s), dgram, tls, worker_threads, cluster, vm or inspector", () => {
    const bad = files.flatMap(moduleUses).filter((u) => DANGEROUS.has(builtin(u.what)));
    assert.deepEqual(bad, []);
  });

  test("no source loads a module by a computed name, nor evaluates code (eval, new Function)", () => {
    const bad = files.flatMap(moduleUses).filter((u) => u.what.startsWith("computed ") || u.what === "eval(...)" || u.what === "new Function(...)");
    assert.deepEqual(bad, []);
  });

  test("the checker itself flags each kind of use", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-manifest-"));
    try {
      const probe = path.join(dir, "probe.ts");
      fs.writeFileSync(probe, `import cp from "node:child_process";\nexport * from "net";\nconst h = require("https");\nconst m = await import(name);\neval("1");\nnew Function("return 1");\n// require("vm") in a comment is not a use\n`);
      assert.deepEqual(moduleUses(probe).map((u) => u.what), ["node:child_process", "net", "https", "computed import(...)", "eval(...)", "new Function(...)"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Built-in modules the bundles require, by the library that brings them. Nothing in our code calls these
 * paths; the test fails when one appears or goes (a dependency update), so the list is looked at again.
 */
const BUNDLE_ALLOWED: Record<string, string[]> = {
  "server/out/cli.js": [
    "inspector from typescript", // ts.sys CPU profiling for tsc --generateCpuProfile; createSourceFile never reaches it
  ],
  "server/out/server.js": [
    "child_process from vscode-languageserver", // Files.resolveGlobalNodePath (runs npm); never called
    "net from vscode-jsonrpc", // the --socket / --pipe transports an editor may choose; VS Code starts the server over node IPC
    "inspector from typescript", // as in the CLI
  ],
  "client/out/extension.js": [
    "child_process from vscode-languageclient", // starts the bundled language server (TransportKind.ipc), and ends it
    "net from vscode-jsonrpc", // the transports' common code; the client uses node IPC
  ],
};

/** `require("x")` of dangerous built-ins in an esbuild bundle, each with the package its `// node_modules/...` banner names. */
function bundleRequires(bundle: string): string[] {
  const lines = fs.readFileSync(path.join(ROOT, bundle), "utf8").split("\n");
  const found = new Set<string>();
  let origin = "(our code)";
  for (const line of lines) {
    const banner = /^\/\/ (.*)$/.exec(line);
    if (banner) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(banner[1]!);
      origin = pkg ? pkg[1]! : `(our code: ${banner[1]})`;
      continue;
    }
    for (const m of line.matchAll(/\brequire\("([^"]+)"\)/g)) {
      if (DANGEROUS.has(builtin(m[1]!))) found.add(`${builtin(m[1]!)} from ${origin}`);
    }
  }
  return [...found].sort();
}

describe("trust: what the bundles require", () => {
  for (const [bundle, allowed] of Object.entries(BUNDLE_ALLOWED)) {
    test(`${bundle} requires only the listed built-ins, from the listed libraries`, () => {
      assert.ok(fs.existsSync(path.join(ROOT, bundle)), `${bundle} is built (npm run test:node bundles first)`);
      // Equal, not a subset: the listed uses must be found too, which shows the scan sees requires at all.
      assert.deepEqual(bundleRequires(bundle), [...allowed].sort());
    });
  }
});
