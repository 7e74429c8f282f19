// `npm run migrate`: brings the database named by DATABASE_URL (default: the embedded SQLite file)
// up to date, offline.
import { migrate } from "../db/migrate";
import { DEFAULT_SQLITE_URL } from "../db/providers";

const url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL;
migrate(url)
  .then((result) => {
    const list = result.applied.length ? result.applied.join(", ") : "nothing to apply";
    console.log(`migrate (${result.provider}): ${list}`);
  })
  .catch((error: Error) => {
    console.error(`migrate failed: ${error.message}`);
    process.exit(1);
  });
