import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      projects: [
        {
          // Everything but the browser suite runs inside workerd.
          extends: false,
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
                  RECEIPT_KEYS:
                    "test-receipt-1:MC4CAQAwBQYDK2VwBCIEIH4ws6bdqnRs24Tgs-DS4QWmT_mUEAWLRFoXqrLeVN6n test-receipt-old:MC4CAQAwBQYDK2VwBCIEIBog1xKuDs-FxzL-m4nLlPgSZErFMnV0LK3jT1j_y52T",
                  AGENT_TOKENS: "agent-seoul-01:test-agent-token-seoul-0123456789 agent-busan-02:test-agent-token-busan-0123456789",
                  TEST_MIGRATIONS: migrations,
                  // The local Cache API costs tens of milliseconds a call, and tests that step the
                  // clock a second at a time miss the memo on every poll. The Cache API tier has
                  // its own tests (test/edge/progress-cache.test.ts).
                  PROGRESS_CACHE: "memo",
                  // The booking path's fault switch (src/platform/faults.ts): tests only, never wrangler.toml.
                  LOCAL_FAULTS: "on",
                  // Joins reaching an intake shard go out to the cohort's object without waiting between batches, so
                  // tests that join one person after another do not wait (concurrent joins still share a batch in flight).
                  INTAKE_FLUSH_MS: "0",
                  // Text messages: numbers sealed under a test key, "sent" into D1's fake_outbox.
                  PHONE_KEY: "test-phone-key-0123456789abcdef0123456789",
                  NOTIFY_PROVIDER: "fake",
                  NOTIFY_WEBHOOK_SECRET: "test-webhook-secret-0123456789abcdef",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/browser/**"],
            setupFiles: ["./test/apply-migrations.ts"],
            // Some tests run hundreds of requests through workerd; on a loaded 2-core machine the
            // default 5 s is too tight. Tests never assert timings, so a generous limit costs nothing.
            testTimeout: 30_000,
          },
        },
        {
          // Real Chromium against the running service (wrangler dev), from Node.
          extends: false,
          test: {
            name: "browser",
            environment: "node",
            // After the Workers project, not beside it: two cores cannot run workerd's tests,
            // wrangler dev and Chromium at once without slowing each other into timeouts.
            sequence: { groupOrder: 1 },
            include: ["test/browser/**/*.test.ts"],
            globalSetup: ["./test/browser/global-setup.ts"],
            testTimeout: 120_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
