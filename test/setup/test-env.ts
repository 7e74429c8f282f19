// Settings every test process starts with (the app checks its environment at import).
process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ??= "loupe-test-api-key";
process.env.SHOPIFY_API_SECRET ??= "loupe-test-api-secret-0123456789abcdef";
process.env.SHOPIFY_APP_URL ??= "https://loupe.test";
process.env.LOG_LEVEL ??= "error";
process.env.LOUPE_WORKER = "0";
