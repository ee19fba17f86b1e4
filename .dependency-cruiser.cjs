/**
 * The pipeline's folders, in order: a module may import from its own folder and from folders
 * before it, never after. `npm run deps` checks it (and cycles) in CI; `npm run deps:graph`
 * prints the folder graph.
 */
const LAYERS = [
  'base', // general helpers: atomic writes, the lock, a semaphore, error messages
  'text', // words, stems, sentences, dates: the language every later stage shares
  'corpus', // letters and their metadata
  'chunk', // paragraphs
  'openai', // the OpenAI-compatible client, shared by embed and llm
  'embed',
  'store', // the index on disk or in Postgres, and the Library over it
  'retrieve', // hybrid search
  'serving', // the snapshot the server answers from, swapped on reindex
  'claims', // checking claims against quotes
  'answer', // the offline answerer and the answer service
  'llm', // model answers
  'timeline',
  'verify',
  'ingest',
  'eval',
  'server',
  'compose', // configuration and wiring: the one composition root
  'cli',
];

const folder = (name) => `^src/${name}/`;
const layerRules = LAYERS.flatMap((name, i) => {
  const later = [...LAYERS.slice(i + 1).map(folder), '^src/main\\.ts$'];
  return [
    {
      name: `${name}-imports-backwards`,
      comment: `src/${name} may import only from folders before it: ${LAYERS.slice(0, i).join(', ') || '(none)'}`,
      severity: 'error',
      from: { path: folder(name) },
      to: { path: later },
    },
  ];
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'unknown-folder',
      comment: 'every module of src/ sits in a folder of the pipeline (or is src/main.ts)',
      severity: 'error',
      from: { path: '^src/', pathNot: [...LAYERS.map(folder), '^src/main\\.ts$'] },
      to: {},
    },
    {
      name: 'src-imports-tests-or-tools',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mts'] },
  },
};
