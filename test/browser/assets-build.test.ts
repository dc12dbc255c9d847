import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { buildAssetsModule } from "../../scripts/build-client.mjs";

it("the committed browser assets are exactly what their sources build to (run `npm run build:client` if not)", async () => {
  const committed = readFileSync(path.join(import.meta.dirname, "../../src/pages/assets.generated.ts"), "utf8");
  expect(committed === (await buildAssetsModule())).toBe(true);
});
