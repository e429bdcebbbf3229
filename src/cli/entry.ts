// The bundle's entry (dist/logto.js): the CLI's main and every module oclif loads by name
// (command map, help class, not-found hook), so that all of them share one copy of the code.
// Getters, so that each part (and the part of oclif it needs) is initialised only when used.
const lazy = (load: () => unknown): PropertyDescriptor => ({ enumerable: true, get: load });

Object.defineProperties(exports, {
  main: lazy(() => (require('./main') as typeof import('./main')).main),
  commands: lazy(() => (require('./commands') as typeof import('./commands')).commands),
  setContext: lazy(() => (require('./context') as typeof import('./context')).setContext),
  Help: lazy(() => (require('./help') as typeof import('./help')).default),
  notFound: lazy(() => (require('./not-found') as typeof import('./not-found')).default),
});
