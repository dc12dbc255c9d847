// Global setup of the browser project: chooses the Chromium (and prints which), starts the
// service, stops both after.
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type BrowserChoice, chooseChromium } from "./chromium";
import { startService } from "./service";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    browser: BrowserChoice;
  }
}

export default async function setup(project: TestProject) {
  const root = path.join(import.meta.dirname, "../..");
  const browser = await chooseChromium(root);
  project.provide("browser", { executablePath: browser.executablePath, fontconfigFile: browser.fontconfigFile });
  try {
    const service = await startService(root);
    project.provide("baseUrl", service.baseUrl);
    return async () => {
      await service.stop();
      browser.cleanup();
    };
  } catch (error) {
    browser.cleanup();
    throw error;
  }
}
