// The per-provider schema files are generated from prisma/model.prisma with this header.
import type { Provider } from "./providers";

export function schemaFor(provider: Provider, model: string): string {
  return `// GENERATED from prisma/model.prisma by \`npm run prisma:generate\`: edit that file, not this one.

generator client {
  provider     = "prisma-client"
  output       = "./client"
  moduleFormat = "esm"
  runtime      = "nodejs"
}

datasource db {
  provider = "${provider}"
}

${model.trimEnd()}
`;
}
