// ESLint flat config, at the root where editors and `npx eslint` find it.
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
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      "no-console": "off",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    // The model layer rule: app/models is the only code that talks to the database (app/db and
    // app/bin set it up). Everything else composes model functions, passing along the transaction
    // handle that models/transaction.server.ts gives, never using it.
    files: ["app/**/*.ts", "app/**/*.tsx", "kiosk/**/*.ts"],
    ignores: ["app/models/**", "app/db/**", "app/bin/**", "app/db.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db.server", "**/db.server.ts", "@prisma/*", "**/prisma/*/client/**"],
              message:
                "Only app/models talks to the database: add or use a function in app/models/<records>.server.ts.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.type='Identifier'][object.name=/^(tx|db|prisma)$/]",
          message: "A transaction handle is only passed to app/models functions, never used outside app/models.",
        },
      ],
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
            {
              group: [
                "**/*.server",
                "**/*.server.ts",
                "@prisma/*",
                "@remix-run/*",
                "@shopify/*",
                "node:fs",
                "node:net",
                "node:http",
                "node:https",
                "fs",
                "net",
                "http",
                "https",
                "node:child_process",
              ],
              message: "app/domain is pure: keep IO, Prisma, Remix and Shopify out of it.",
            },
          ],
        },
      ],
    },
  },
  {
    // The simulator's resolvers (their `Args` type in resolvers/shared.ts) and its test client
    // handle GraphQL arguments and answers that graphql-js has already validated against the real
    // schema; typing every shape twice would not catch more than that validation does.
    files: ["test/simulator/resolvers/shared.ts", "test/integration/simulator/client.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
