/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // isolatedModules (tsconfig.json) makes ts-jest transpile only: type errors are the typecheck
    // target's job (tsc --noEmit), and jest stays fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Jest's default is one worker less than the cores: on the 2-core machines this project runs on that
  // is a single worker, and the suite ran file after file. Every core works; the main process only
  // schedules and collects.
  maxWorkers: '100%',
  // Tests drive the fake AWS on a virtual clock and never wait for real time; what takes long is CPU,
  // and on a busy machine 5 s is too short for a test that runs the CLI fifty times.
  testTimeout: 60_000,
};
