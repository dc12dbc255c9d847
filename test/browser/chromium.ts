// Which Chromium the browser suite drives, and the Korean font it renders with. Chosen once, in
// the global setup, and handed to the test files (browser.ts launches it):
//   1. CHROMIUM_PATH, when set: that executable and nothing else;
//   2. else a Chromium or Chrome installed on the machine (Linux, macOS and Windows paths);
//   3. else the headless Chromium that `npm ci` brings (@sparticuz/chromium, Linux x64 only),
//      unpacked once into node_modules/.cache.
// On Linux, Chromium finds fonts through fontconfig; a config file made for the run adds Pretendard
// GOV (the pretendard-gov devDependency) to the machine's fonts, so Korean renders on a machine
// with no Korean font. The pages are untouched; macOS and Windows bring Korean fonts of their own.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

/** What the test files need to launch the chosen browser. */
export interface BrowserChoice {
  executablePath: string;
  /** The run's fontconfig file (Linux), passed to the browser as FONTCONFIG_FILE. */
  fontconfigFile: string;
}

/** The browser process's environment: the suite's own, with the run's font config. */
export function browserEnv(fontconfigFile: string): Record<string, string> {
  return { ...(process.env as Record<string, string>), FONTCONFIG_FILE: fontconfigFile };
}

/** Flags that keep a headless Chromium off the network (this machine has none). Playwright adds a fresh temporary --user-data-dir to every launch. */
export const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Chromium and Chrome where their installers put them. */
function installedBrowsers(): string[] {
  if (process.platform === "darwin") {
    return ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium"];
  }
  if (process.platform === "win32") {
    const roots = [process.env.PROGRAMFILES, process.env["PROGRAMFILES(X86)"], process.env.LOCALAPPDATA].filter(
      (root): root is string => !!root,
    );
    return roots.map((root) => path.join(root, "Google", "Chrome", "Application", "chrome.exe"));
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];
}

/**
 * The packaged headless Chromium, unpacked on first use into node_modules/.cache (so a fresh
 * `npm ci` starts afresh, and another checkout or an older version never shares it). The package
 * unpacks into the temporary directory; it is pointed at a staging directory that is renamed into
 * place only once complete, so an interrupted unpacking is never used.
 */
async function packagedChromium(root: string): Promise<string> {
  const { version } = JSON.parse(readFileSync(path.join(root, "node_modules", "@sparticuz", "chromium", "package.json"), "utf8")) as {
    version: string;
  };
  const dir = path.join(root, "node_modules", ".cache", "sparticuz-chromium", version);
  const executable = path.join(dir, "chromium");
  if (existsSync(executable)) return executable;
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = staging; // os.tmpdir(), where the package unpacks
  try {
    const { default: Packaged } = await import("@sparticuz/chromium");
    const unpacked = await Packaged.executablePath();
    if (unpacked !== path.join(staging, "chromium")) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not ${staging}`);
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(executable)) throw error; // else another run got there first
  }
  return executable;
}

/** A fontconfig file for this run: Pretendard GOV first, then whatever the machine has. */
function fontconfig(root: string): { file: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "wr-browser-fonts-"));
  const fonts = path.join(dir, "fonts");
  mkdirSync(fonts);
  // The static OpenType weights (the package also has TTF copies and web subsets: not needed).
  const otf = path.join(root, "node_modules", "pretendard-gov", "dist", "public", "static");
  for (const name of readdirSync(otf).filter((file) => file.endsWith(".otf"))) symlinkSync(path.join(otf, name), path.join(fonts, name));
  const file = path.join(dir, "fonts.conf");
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>${fonts}</dir>
  <cachedir>${path.join(dir, "cache")}</cachedir>
  <alias><family>sans-serif</family><prefer><family>Pretendard GOV</family></prefer></alias>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
</fontconfig>
`,
  );
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Launches a candidate once, for its version, or says why it would not start. */
async function tryLaunch(executablePath: string, env: Record<string, string>): Promise<{ version: string } | { error: string }> {
  try {
    const browser = await chromium.launch({ executablePath, args: FLAGS, headless: true, env, timeout: 60_000 });
    const version = browser.version();
    await browser.close();
    return { version };
  } catch (error) {
    return { error: (error instanceof Error ? error.message : String(error)).split("\n")[0]! };
  }
}

/**
 * Picks the browser (see the top of this file), checks it starts, and prints which one runs.
 * `cleanup()` removes the run's font config.
 */
export async function chooseChromium(root: string): Promise<BrowserChoice & { cleanup(): void }> {
  const fonts = fontconfig(root);
  const env = browserEnv(fonts.file);
  const use = (executablePath: string, version: string, how: string) => {
    const fontsUsed =
      process.platform === "linux" ? "Pretendard GOV from node_modules/pretendard-gov, then the machine's" : "the machine's";
    console.log(`browser suite: Chromium ${version} at ${executablePath} (${how}); fonts: ${fontsUsed}`);
    return { executablePath, fontconfigFile: fonts.file, cleanup: fonts.cleanup };
  };
  try {
    const chosen = process.env.CHROMIUM_PATH;
    if (chosen) {
      const launched = await tryLaunch(chosen, env);
      if ("error" in launched) throw new Error(`CHROMIUM_PATH=${chosen} does not start: ${launched.error}`);
      return use(chosen, launched.version, "CHROMIUM_PATH");
    }
    for (const installed of installedBrowsers().filter((candidate) => existsSync(candidate))) {
      const launched = await tryLaunch(installed, env);
      if ("version" in launched) return use(installed, launched.version, "installed on this machine");
      console.warn(`browser suite: ${installed} is there but does not start (${launched.error}); trying the next`);
    }
    if (process.platform !== "linux" || process.arch !== "x64") {
      throw new Error(
        `The browser tests found no Chrome or Chromium. Install Google Chrome, or set CHROMIUM_PATH to a Chrome or Chromium executable (the packaged one is for Linux x64 only).`,
      );
    }
    const packaged = await packagedChromium(root);
    const launched = await tryLaunch(packaged, env);
    if ("error" in launched) throw new Error(`The packaged Chromium (${packaged}) does not start: ${launched.error}`);
    return use(packaged, launched.version, "packaged, @sparticuz/chromium");
  } catch (error) {
    fonts.cleanup();
    throw error;
  }
}
