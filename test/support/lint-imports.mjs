// Lints with the project's ESLint configuration in a process of its own (ESLint loads eslint.config.mjs with a
// dynamic import, which Jest's module sandbox does not allow). Reads {files?: string[], texts?: {filePath, text}[]}
// as JSON on stdin; prints [{filePath, messages: [{ruleId, message}]}] as JSON on stdout. A text is linted as if
// it were the file at filePath (nothing is written to disk; the import resolver reads the real tree around it).
import { ESLint } from 'eslint';

const input = JSON.parse(
  await new Promise((resolve) => {
    let data = '';
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
  }),
);
const eslint = new ESLint({ cwd: process.cwd() });
const results = [
  ...(input.files?.length ? await eslint.lintFiles(input.files) : []),
  ...(
    await Promise.all((input.texts ?? []).map((t) => eslint.lintText(t.text, { filePath: t.filePath })))
  ).flat(),
];
process.stdout.write(
  JSON.stringify(
    results.map((r) => ({
      filePath: r.filePath,
      messages: r.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })),
    })),
  ),
);
