/** @type {import('jest').Config} */
// Two projects so a failure says which layer broke: `unit` is pure TypeScript; `powershell` drives the real
// ps-scripts in a real pwsh through node-powershell (slower, serial: one pwsh per test file at most).
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false, ignoreCodes: [151002] } },
    ],
  },
};
module.exports = {
  // The machine has 2 cores and most tests wait on pwsh child processes: two test files at a time use both.
  maxWorkers: 2,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/contract/**/*.test.ts'],
    },
    { ...base, displayName: 'powershell', testMatch: ['<rootDir>/test/powershell/**/*.test.ts'] },
    { ...base, displayName: 'exe', testMatch: ['<rootDir>/test/exe/**/*.test.ts'] },
  ],
};
