// Lint rules, including the architecture's dependency rule: the pure cores (domain, scheduler)
// never reach for I/O, the store, the executors or HTTP.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const adapterImports = [
  { group: ["node:*"], message: "domain/ and scheduler/ are pure: no node:* imports." },
  { group: ["**/store", "**/store/**"], message: "domain/ and scheduler/ must not import the store." },
  { group: ["**/executors", "**/executors/**"], message: "domain/ and scheduler/ must not import executors." },
  { group: ["**/http", "**/http/**"], message: "domain/ and scheduler/ must not import http." },
  { group: ["**/services", "**/services/**"], message: "domain/ and scheduler/ must not import services." },
];

const impureGlobals = [
  { object: "Date", property: "now", message: "Inject a Clock instead of reading the wall clock." },
  { object: "Math", property: "random", message: "Inject a seeded RNG instead." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", ".tmp/**", ".highway/**", "coverage/**", "web/dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // A check with our own message writes its Korean too, with checkMessage (src/domain/zod-korean.ts).
    files: ["src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["refine", "addIssue"].flatMap((method) => [
          { selector: `CallExpression[callee.property.name='${method}'] > :matches(Literal, TemplateLiteral)`, message: `Give ${method} its message with checkMessage(en, ko).` },
          { selector: `CallExpression[callee.property.name='${method}'] > ObjectExpression:not(:has(SpreadElement))`, message: `Give ${method} its message with ...checkMessage(en, ko).` },
        ]),
        // zod drops params given to .regex, so a pattern with our own message is a patternCheck(re, en, ko).
        {
          selector: "CallExpression[callee.property.name='regex'][arguments.length>1]",
          message: "Give a pattern its message with .check(patternCheck(re, en, ko)).",
        },
      ],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...adapterImports, { group: ["**/scheduler", "**/scheduler/**", "**/sim/**"], message: "domain/ is the bottom layer." }] }],
      "no-restricted-properties": ["error", ...impureGlobals],
    },
  },
  {
    files: ["src/scheduler/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...adapterImports, { group: ["**/sim", "**/sim/**"], message: "scheduler/ must not depend on the simulator." }] }],
      "no-restricted-properties": ["error", ...impureGlobals],
    },
  },
  {
    files: ["src/sim/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-properties": ["error", ...impureGlobals] },
  },
);
