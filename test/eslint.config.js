// ESLint flat config (run as `eslint -c test/eslint.config.js .` to keep the project root to the
// agreed files). With -c, patterns are relative to the working directory: the project root.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      "prisma/*/client/**",
      "prisma/tools/**",
      "extensions/**/dist/**",
      "extensions/**/node_modules/**",
      "test/.tmp/**",
      "data/**",
      "demo-output/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        fetch: "readonly",
        Response: "readonly",
        Request: "readonly",
        Headers: "readonly",
        window: "readonly",
        document: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "no-console": "off",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    // app/domain is pure: no database, framework, Shopify or IO imports.
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/*.server", "**/*.server.ts", "@prisma/*", "@remix-run/*", "@shopify/*", "node:fs", "node:net", "node:http", "node:https", "fs", "net", "http", "https", "node:child_process"], message: "app/domain is pure: keep IO, Prisma, Remix and Shopify out of it." },
          ],
        },
      ],
    },
  },
  {
    // The simulator's resolvers and its test client handle GraphQL arguments and answers that
    // graphql-js has already validated against the real schema; typing every shape twice would
    // not catch more than that validation does.
    files: ["test/simulator/resolvers.ts", "test/integration/simulator/client.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
