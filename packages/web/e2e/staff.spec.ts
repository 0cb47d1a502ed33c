import { expect, type Page, test } from "@playwright/test";
import {
  base,
  checkPage,
  personas as demoPersonas,
  demoToken,
  open,
  type Persona,
  signInAs,
  who,
} from "./pages";

/**
 * The staff pages' newer parts, on the demo agency's closed-for-assessment year (2025): the
 * supervisor's periodic feedback reaches the employee's page without a reload and is
 * acknowledged there; the employee uploads an evidence file for a realisation, which the
 * supervisor sees and downloads from the team's realisations without a reload; the supervisor
 * reads the team's distribution against the SE 3/2023 bounds, in words and as a chart.
 */

const YEAR = "Penilaian Kinerja 2025";
/** Pages poll every 15 s: a change shows within 30 s without a reload. */
const REAL_TIME = { timeout: 30_000 };

/** Signs in with a featured persona's button and picks the demo's 2025 period. */
async function signInFor2025(page: Page, persona: Persona, label: string): Promise<void> {
  await signInAs(page, persona, label);
  const picker = page.getByLabel("Periode", { exact: true });
  const value = await picker.locator("option", { hasText: YEAR }).getAttribute("value");
  await picker.selectOption(value!);
}

/** A small valid PDF. */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

test("staff pages: periodic feedback acknowledged, evidence uploaded and downloaded, team realisations, the curve", async ({
  browser,
  request,
}) => {
  const personas = await demoPersonas(request);
  const employee = who(personas, "employee");
  const supervisor = who(personas, "supervisor");

  const emp = await open(browser);
  await signInFor2025(emp, employee, "Pegawai");
  const sup = await open(browser);
  await signInFor2025(sup, supervisor, "Atasan");

  // 1. The supervisor gives periodic feedback; the open employee page shows it without a reload.
  const text = `Bukti dukung triwulan lengkap; pertahankan (e2e ${Date.now()}).`;
  const give = sup.getByRole("region", { name: "Umpan balik berkala" });
  await give.getByLabel("Pegawai", { exact: true }).selectOption(employee.id);
  await give.getByLabel("Rating hasil kerja").selectOption("SESUAI_EKSPEKTASI");
  await give.getByLabel("Catatan").fill(text);
  await give.getByRole("button", { name: "Berikan" }).click();
  await expect(give.getByRole("status")).toContainText("Tersimpan");

  const received = emp.getByRole("region", { name: "Umpan balik berkala dari atasan" });
  const entry = received.getByRole("listitem").filter({ hasText: text });
  await expect(entry).toBeVisible(REAL_TIME);
  await expect(entry).toContainText("Belum dibaca");
  await expect(entry).toContainText("Rating hasil kerja: Sesuai ekspektasi");
  await checkPage(emp, "18-employee-feedback", received);
  await entry.getByRole("button", { name: /^Tandai sudah dibaca/ }).click();
  await expect(entry).toContainText("Sudah dibaca");
  await expect(entry.getByRole("button")).toHaveCount(0);
  // The supervisor's open page shows the acknowledgement without a reload.
  const givenEntry = give
    .getByRole("list", { name: "Umpan balik yang sudah diberikan" })
    .getByRole("listitem")
    .filter({ hasText: text });
  await expect(givenEntry).toContainText("Sudah dibaca", REAL_TIME);

  // 2. The employee uploads an evidence file with a realisation; a wrong type is refused first.
  const realisations = emp.getByRole("region", { name: "Realisasi dan bukti dukung" });
  const fileInput = realisations.getByLabel(/^Berkas bukti dukung/);
  await fileInput.setInputFiles({ name: "catatan.txt", mimeType: "text/plain", buffer: Buffer.from("teks") });
  await expect(realisations.getByText(/catatan\.txt: jenis berkas tidak diterima/)).toBeVisible();
  await expect(realisations.getByRole("button", { name: "Catat realisasi" })).toBeDisabled();
  await fileInput.setInputFiles({ name: "laporan-tahunan.pdf", mimeType: "application/pdf", buffer: PDF });
  await realisations.getByLabel("Nilai realisasi").fill("12");
  await realisations.getByLabel("Keterangan bukti").fill("Laporan tahunan (PDF)");
  await realisations.getByRole("button", { name: "Catat realisasi" }).click();
  await expect(realisations.getByRole("status")).toContainText("berkas bukti tersimpan");
  const ownDownload = realisations.getByRole("button", { name: "Unduh: Laporan tahunan (PDF)" });
  await expect(ownDownload).toBeVisible();
  await checkPage(emp, "19-employee-evidence", realisations);

  // 3. The supervisor's open page lists the team's realisations with the file, without a reload.
  const team = sup.getByRole("region", { name: "Realisasi tim" });
  const member = team.getByRole("article", { name: `Realisasi tim: ${employee.name}` });
  const download = member.getByRole("button", { name: "Unduh: Laporan tahunan (PDF)" });
  await expect(download).toBeVisible(REAL_TIME);
  await expect(member.getByRole("columnheader", { name: "Sub-periode" })).toBeVisible();
  const [file] = await Promise.all([sup.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toBe("laporan-tahunan.pdf");
  const saved = test.info().outputPath("downloaded.pdf");
  await file.saveAs(saved);
  await checkPage(sup, "20-supervisor-realisations", member);

  // 4. The team's distribution against the curve: the unit's organisation predikat, each bound in
  // words (met or violated, as the service decides), and the chart's numbers as a table.
  const curve = sup.getByRole("region", { name: "Sebaran tim terhadap kurva SE 3/2023" });
  await expect(curve).toContainText("Predikat kinerja organisasi unit: Istimewa");
  const bounds = curve
    .getByRole("list", { name: "Sebaran tim terhadap kurva SE 3/2023" })
    .getByRole("listitem");
  await expect(bounds).toHaveCount(2);
  await expect(bounds.first()).toContainText(/Sangat Baik paling banyak 70% — tim: \d+ dari \d+/);
  const token = await demoToken(request, supervisor.id);
  const periods = (await (
    await request.get(`${base()}/v1/periods`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { items: { id: string; name: string }[] };
  const year = periods.items.find((p) => p.name === YEAR)!;
  const view = (await (
    await request.get(`${base()}/v1/periods/${year.id}/team/distribution`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { bounds: { violated: boolean }[]; members: unknown[] };
  const violated = view.bounds.filter((b) => b.violated).length;
  await expect(curve.locator(".bounds .violation")).toHaveCount(violated);
  await expect(curve.getByText("Dilanggar:")).toHaveCount(violated);
  await expect(curve.getByText("Terpenuhi:")).toHaveCount(view.bounds.length - violated);
  await expect(curve.getByRole("table")).toContainText("Sangat Baik");
  await expect(curve).toContainText(`Hasil final: ${view.members.length}`);
  await checkPage(sup, "21-supervisor-curve", curve);

  // In English too, from the glossary (never raw codes).
  await sup.getByRole("button", { name: "Ganti bahasa ke English" }).click();
  const curveEn = sup.getByRole("region", { name: "Team distribution against the SE 3/2023 curve" });
  await expect(curveEn).toContainText("The unit's organisation rating: Outstanding");
  await expect(curveEn.getByRole("listitem").first()).toContainText(
    /Very good at most 70% — team: \d+ of \d+/,
  );
  await expect(curveEn).not.toContainText("SANGAT_BAIK");
});
