// Global setup of the browser project: checks Chromium is there, starts the service, stops it after.
import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { CHROMIUM } from "./browser";
import { startService } from "./service";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}: sudo apt-get install -y chromium (bash .ci/run installs it).`);
  }
  const service = await startService(path.join(import.meta.dirname, "../.."));
  project.provide("baseUrl", service.baseUrl);
  return () => service.stop();
}
