// The import arrows of docs/architecture: cli -> engine/report -> core, engine -> ports,
// adapters -> ports + core, core -> core only, nothing -> cli.
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
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: ['^src/adapters/', '^src/engine/(?!events)'] },
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
