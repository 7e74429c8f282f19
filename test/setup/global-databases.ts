import { buildTemplates } from "./databases";

export default async function setup(): Promise<void> {
  await buildTemplates();
}
