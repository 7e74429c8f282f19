import { afterAll } from "vitest";
import { dropCreatedDatabases } from "./databases";

afterAll(async () => {
  await dropCreatedDatabases();
});
