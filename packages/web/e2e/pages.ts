import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import {
  type APIRequestContext,
  type Browser,
  expect,
  type Locator,
  type Page,
  test,
} from "@playwright/test";

/**
 * What every page spec shares: the service's address, the demo's personas, a phone-sized page,
 * signing in, and the accessibility check with its screenshot.
 */

/** The address of the service the global setup started (service.ts). */
export function base(): string {
  const url = process.env.KINERJA_E2E_URL;
  if (!url) throw new Error("KINERJA_E2E_URL is not set: the global setup starts the service");
  return url;
}

/** Where `KINERJA_DOCS_SCREENSHOTS=1` writes the screenshots the docs show. */
const DOCS = fileURLToPath(new URL("../../../docs/web/", import.meta.url));

/** A person of the demo agency, as `GET /demo/personas` lists them. */
export interface Persona {
  key: string;
  id: string;
  name: string;
  unitId: string;
}

/** The demo's personas. */
export async function personas(request: APIRequestContext): Promise<Persona[]> {
  const response = await request.get(`${base()}/demo/personas`);
  return ((await response.json()) as { personas: Persona[] }).personas;
}

/** The persona with the given key ("employee", "supervisor", "hr", "auditor", "staff"…). */
export function who(personas: Persona[], key: string): Persona {
  const persona = personas.find((p) => p.key === key);
  if (persona === undefined) throw new Error(`the demo has no persona "${key}"`);
  return persona;
}

/** A demo token of the persona with id `id` (`POST /demo/token`), for requests beside the pages. */
export async function demoToken(request: APIRequestContext, id: string): Promise<string> {
  const response = await request.post(`${base()}/demo/token`, { data: { id } });
  return ((await response.json()) as { token: string }).token;
}

/** A new phone-sized page (360 × 740) in a context of its own, so each person has their own session. */
export async function open(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
  return context.newPage();
}

/**
 * Signs in on the sign-in page: with the featured persona's button whose name starts with
 * `label` ("Pegawai", "Atasan", "Kepegawaian", "Auditor"), or else by picking the persona from
 * the list of other staff. Waits for the page's heading with the persona's name.
 */
export async function signInAs(page: Page, persona: Persona, label?: string): Promise<void> {
  await page.goto(`${base()}/`);
  if (label) {
    await page.getByRole("button", { name: new RegExp(`^${label}`) }).click();
  } else {
    await page.getByLabel("Pegawai lain (rekan kerja)").selectOption(persona.id);
    await page.getByRole("button", { name: "Masuk sebagai" }).click();
  }
  await expect(page.getByRole("heading", { level: 1 })).toContainText(persona.name);
}

/** What {@link checkPage} keeps as the test's screenshot. */
export interface CheckPageOptions {
  /** `page`: the whole page (default); `focus`: the `focus` element scrolled into view (else what the page shows). */
  artifact?: "page" | "focus";
}

/**
 * Checks the page with axe-core (no serious or critical violation) and keeps a screenshot; with
 * `KINERJA_DOCS_SCREENSHOTS=1` also writes what a phone shows from `focus` (or the top) to docs/web.
 */
export async function checkPage(
  page: Page,
  name: string,
  focus?: Locator,
  options: CheckPageOptions = {},
): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `axe on ${name}`,
  ).toEqual([]);
  const file = test.info().outputPath(`${name}.png`);
  if (options.artifact === "focus") {
    if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await (focus ?? page).screenshot({ path: file });
  } else {
    await page.screenshot({ path: file, fullPage: true });
  }
  await test.info().attach(name, { path: file, contentType: "image/png" });
  if (process.env.KINERJA_DOCS_SCREENSHOTS) {
    // The docs keep what a phone shows first (the artifacts keep the whole page or section).
    await mkdir(DOCS, { recursive: true });
    if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: `${DOCS}${name}.png` });
  }
}
