// Settings every test process starts with (the app checks its environment at import).
process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ??= "loupe-test-api-key";
process.env.SHOPIFY_API_SECRET ??= "loupe-test-api-secret-0123456789abcdef";
process.env.SHOPIFY_APP_URL ??= "https://loupe.test";
process.env.LOG_LEVEL ??= "error";
process.env.LOUPE_WORKER = "0";
// The simulator answers in the test's own process: on a machine whose cores are shared, an answer
// can take longer than the 15 s the app allows real Shopify. A safety net, not an expectation; no
// test relies on the app's timeout.
process.env.LOUPE_SHOPIFY_TIMEOUT_MS ??= "120000";
// The same for database transactions: a test's transaction may wait behind other tests' writes
// (SQLite has one writer) on cores other processes are using.
process.env.LOUPE_DB_TX_TIMEOUT_MS ??= "120000";
process.env.LOUPE_DB_TX_MAX_WAIT_MS ??= "120000";
// Route tests call loaders and actions without a socket and tell clients apart by X-Forwarded-For,
// as behind one load balancer. Tests of the address rule itself (test/integration/edge) set it.
process.env.LOUPE_TRUSTED_PROXIES ??= "1";
