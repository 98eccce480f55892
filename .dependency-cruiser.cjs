// The import arrows of docs/architecture: cli -> app/report, app -> engine/adapters, engine -> ports,
// adapters -> ports + core (never another adapter), report -> ports + core, core -> core only, nothing -> cli.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports only src/core: no node:* modules, no packages, no I/O.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/'] },
    },
    {
      name: 'cluster-model-stands-without-its-file-format',
      comment: 'src/core/cluster is the model; the cluster file format (src/core/cluster-file) builds on it, never the other way.',
      severity: 'error',
      from: { path: '^src/core/cluster/' },
      to: { path: '^src/core/cluster-file/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'ports-are-types-over-core',
      comment: 'ports are types only; they may name core data types.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { pathNot: ['^src/ports/', '^src/core/'] },
    },
    {
      name: 'engine-uses-ports-not-adapters',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: ['^src/adapters/', '^src/report/'] },
    },
    {
      name: 'report-renders-core-data',
      comment: 'report renders data typed in core or ports; the types it needs live there, not in app, engine or adapters.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: ['^src/adapters/', '^src/engine/', '^src/app/'] },
    },
    {
      name: 'adapters-do-not-import-each-other',
      comment: 'each adapter stands alone; what two share lives in src/adapters/shared (or ports/core).',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/', '^src/adapters/shared/'] },
    },
    {
      name: 'shared-adapter-helpers-stand-alone',
      severity: 'error',
      from: { path: '^src/adapters/shared/' },
      to: { path: '^src/adapters/', pathNot: '^src/adapters/shared/' },
    },
    {
      name: 'node-shell-readers-work-on-any-shell',
      comment: 'the readers in src/adapters/node-shell ask a node through the NodeShell port only, so ssh and the simulator share them.',
      severity: 'error',
      from: { path: '^src/adapters/node-shell/' },
      to: { path: '^src/', pathNot: ['^src/adapters/node-shell/', '^src/ports/', '^src/core/'] },
    },
    {
      name: 'cli-commands-do-not-import-each-other',
      comment: 'a command parses, calls one use case and renders; what commands share lives in src/cli (flags) or src/app.',
      severity: 'error',
      from: { path: '^src/cli/commands/' },
      to: { path: '^src/cli/commands/' },
    },
    {
      name: 'adapters-do-not-use-engine-or-report',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/engine/', '^src/report/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
