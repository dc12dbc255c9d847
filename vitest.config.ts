import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only secrets (the real ones come from `wrangler secret put`) and the D1 migrations.
          bindings: {
            TOKEN_KEYS: "test-new:test-signing-key-new-0123456789abcdef test-old:test-signing-key-old-0123456789abcdef",
            ID_HASH_KEY: "test-id-hash-key-0123456789abcdef0123",
            ADMIN_TOKEN: "test-admin-token-0123456789",
            TURNSTILE_SECRET_KEY: "test-turnstile-secret",
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
    },
  };
});
