import { expect, type Locator, type Page, test } from "@playwright/test";
import {
  base,
  checkPage as checkWholePage,
  personas as demoPersonas,
  demoToken,
  open,
  signInAs,
  who,
} from "./pages";

/**
 * The HR administration through the pages, on a phone-sized screen: the agency (name, units,
 * rule package), staff import and exports with their progress, the audit log's filters and
 * pages, webhooks (deliveries, retry, secret rotation, deletion), and changes made elsewhere
 * showing without a reload.
 */

/** Checks the page with axe-core and keeps a screenshot of the section in view. */
const checkPage = (page: Page, name: string, focus?: Locator) =>
  checkWholePage(page, name, focus, { artifact: "focus" });

const section = (page: Page, name: string) => page.getByRole("region", { name });

/** A staff CSV of `n` rows under the given superior, with one bad row (no positionKind) at the end. */
function staffCsv(n: number, supervisorId: string): string {
  const rows = ["nip,name,positionKind,structural,functionalLevel,isUnitHead,unitId,unitName,supervisorId"];
  for (let i = 1; i <= n; i++) {
    const nip = `19950101202201${String(i).padStart(4, "0")}`;
    rows.push(`${nip},Pegawai Uji ${i},JF,false,AHLI_PERTAMA,false,bidang-sd,,${supervisorId}`);
  }
  rows.push(`199501012022019999,Baris Rusak,,false,,false,bidang-sd,,${supervisorId}`);
  return `${rows.join("\n")}\n`;
}

test("HR edits the agency, imports and exports with progress, reads the audit log and manages webhooks", async ({
  browser,
  request,
}) => {
  const personas = await demoPersonas(request);
  const hrPerson = who(personas, "hr");
  const supervisor = who(personas, "supervisor");
  const token = await demoToken(request, hrPerson.id);
  const agencyId = (
    JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { agency: string }
  ).agency;
  const auth = { authorization: `Bearer ${token}` };

  const hr = await open(browser);
  await signInAs(hr, hrPerson, "Kepegawaian");

  // 1. The agency: rename it, add a unit, rename and move it, choose the rule package and its configuration.
  const agency = section(hr, "Instansi, unit dan paket aturan");
  await agency.getByLabel("Nama instansi").fill("Dinas Pendidikan Kabupaten Contoh (uji HR)");
  await agency.getByRole("button", { name: "Simpan nama instansi" }).click();
  await expect(agency.getByRole("status").first()).toContainText("Tersimpan");
  await expect(agency.getByLabel("Nama instansi")).toHaveValue("Dinas Pendidikan Kabupaten Contoh (uji HR)");

  const newUnit = agency.locator("form", { has: hr.getByRole("button", { name: "Tambah unit" }) });
  await newUnit.getByLabel("Nama unit").fill("Bidang PAUD");
  await newUnit.getByLabel("Unit induk").selectOption({ label: "Sekretariat" });
  await newUnit.getByRole("button", { name: "Tambah unit" }).click();
  const unitItem = (name: string) => agency.getByRole("listitem").filter({ hasText: name });
  await expect(unitItem("Bidang PAUD")).toContainText("Unit induk: Sekretariat");
  await agency.getByRole("button", { name: "Ubah: Bidang PAUD" }).click();
  const editor = agency.locator("form", { has: hr.getByRole("button", { name: "Simpan unit" }) });
  // A unit cannot move under itself: the editor does not offer it.
  await expect(editor.getByLabel("Unit induk").locator("option", { hasText: "Bidang PAUD" })).toHaveCount(0);
  await editor.getByLabel("Nama unit").fill("Bidang PAUD dan Dikmas");
  await editor.getByLabel("Unit induk").selectOption({ label: "Dinas Pendidikan Kabupaten Contoh" });
  await editor.getByRole("button", { name: "Simpan unit" }).click();
  await expect(unitItem("Bidang PAUD dan Dikmas")).toContainText(
    "Unit induk: Dinas Pendidikan Kabupaten Contoh",
  );

  const config = agency.getByLabel(/Konfigurasi paket/);
  // The agency's package stays chosen; its configuration is edited.
  await expect(agency.getByLabel("Paket aturan", { exact: true })).toHaveValue(/^permenpanrb-6-2022@/);
  await agency.getByRole("button", { name: "Isi dengan nilai bawaan" }).click();
  await expect(config).toHaveValue(/\{/);
  await config.fill("{ bukan json");
  await agency.getByRole("button", { name: "Simpan paket aturan" }).click();
  await expect(agency.getByText(/Konfigurasi bukan JSON yang sah/)).toBeVisible();
  await config.fill('{ "tidakAda": 1 }');
  await agency.getByRole("button", { name: "Simpan paket aturan" }).click();
  // The service's refusal is a sentence that says what to do, then its own words naming the field.
  await expect(agency.getByRole("alert")).toContainText("Isian belum sesuai");
  await agency.getByRole("button", { name: "Isi dengan nilai bawaan" }).click();
  await agency.getByRole("button", { name: "Simpan paket aturan" }).click();
  await expect(agency.getByText(/Paket aturan yang berlaku/)).toBeVisible();
  await expect(agency.getByRole("alert")).toHaveCount(0);
  await checkPage(hr, "12-hr-agency", agency);

  // Changes made elsewhere show without a reload (the pages poll every 15 s).
  const added = await request.post(`${base()}/v1/agencies/${agencyId}/units`, {
    headers: auth,
    data: { units: [{ id: "uji-realtime", name: "Unit dari API", parentId: "dinas" }] },
  });
  expect(added.status()).toBe(200);
  await expect(unitItem("Unit dari API")).toBeVisible({ timeout: 30_000 });

  // 3. Staff import: the check of a large file shows its progress, then the report.
  const importSection = section(hr, "Impor pegawai (CSV)");
  await importSection.locator('input[type="file"]').setInputFiles({
    name: "pegawai.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(staffCsv(1500, supervisor.id)),
  });
  // Hold the answer a moment, as a slow service would, so the progress can be seen.
  await hr.route("**/v1/staff/import**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  });
  await importSection.getByRole("button", { name: "Periksa dulu" }).click();
  await expect(importSection.getByText(/\d+ dari 1501 baris/)).toBeVisible();
  await expect(importSection.locator("progress")).toBeVisible();
  const during = test.info().outputPath("13-hr-import-progress.png");
  await importSection.screenshot({ path: during });
  await test.info().attach("13-hr-import-progress", { path: during, contentType: "image/png" });
  await expect(
    importSection.getByText("1500 baris diterima, 1 ditolak (pemeriksaan, belum disimpan)"),
  ).toBeVisible();
  await expect(importSection.getByText(/Baris 1502: positionKind/)).toBeVisible();
  await hr.unroute("**/v1/staff/import**");
  await checkPage(hr, "13-hr-import", importSection);

  // Exports: the past period's results download with their size and rows; SIASN without a mapping is refused in words.
  const picker = hr.getByLabel("Periode", { exact: true });
  const past = await picker.locator("option", { hasText: "Penilaian Kinerja 2025" }).getAttribute("value");
  await picker.selectOption(past!);
  const exportsSection = section(hr, "Ekspor");
  const downloading = hr.waitForEvent("download");
  await exportsSection.getByRole("button", { name: "Unduh hasil (CSV)" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^results-.+\.csv$/);
  await expect(exportsSection.getByRole("status")).toContainText(/Selesai: [\d.]+ kB \(\d+ baris\)/);
  await exportsSection.getByRole("button", { name: "Unduh SIASN (CSV)" }).click();
  await expect(exportsSection.getByRole("alert")).toContainText("Kode SIASN instansi belum diatur");

  // 4. The audit log: filter by event type and actor, a bad range is named, pages go forward and back.
  const audit = section(hr, "Log audit");
  await audit.getByLabel("Jenis peristiwa").selectOption({ label: "Instansi" });
  await audit.getByLabel("Pelaku (NIP atau ID)").fill(hrPerson.id);
  await audit.getByRole("button", { name: "Terapkan filter" }).click();
  const events = (page: Locator, text: string | RegExp) => page.locator("ol li strong", { hasText: text });
  await expect(events(audit, "Instansi: diubah").first()).toBeVisible();
  await expect(events(audit, /^Unit kerja:/)).toHaveCount(0);
  await audit.getByLabel("Dari tanggal").fill("2030-01-02");
  await audit.getByLabel("Sampai tanggal").fill("2030-01-01");
  await audit.getByRole("button", { name: "Terapkan filter" }).click();
  await expect(audit.getByText("Tanggal akhir harus sama dengan atau sesudah tanggal awal.")).toBeVisible();
  await audit.getByRole("button", { name: "Hapus filter" }).click();
  await audit.getByLabel("Jenis subjek").selectOption({ label: "Unit kerja" });
  await audit.getByLabel("ID subjek").fill("uji-realtime");
  await audit.getByRole("button", { name: "Terapkan filter" }).click();
  await expect(events(audit, "Unit kerja: dibuat")).toHaveCount(1);
  // From an entry, "only this" narrows the log to its subject.
  await audit.getByRole("button", { name: "Hapus filter" }).click();
  await audit
    .getByRole("button", { name: "Tampilkan hanya catatan tentang: Unit kerja uji-realtime" })
    .click();
  await expect(audit.getByLabel("ID subjek")).toHaveValue("uji-realtime");
  await expect(events(audit, "Unit kerja: dibuat")).toHaveCount(1);
  await audit.getByRole("button", { name: "Hapus filter" }).click();
  const firstEntry = audit.locator("ol li .muted").first();
  await expect(firstEntry).toBeVisible();
  const firstSeq = await firstEntry.textContent();
  await audit.getByRole("button", { name: "Halaman berikutnya" }).click();
  await expect(audit.getByText("Halaman 2")).toBeVisible();
  await expect(firstEntry).not.toHaveText(firstSeq!);
  await audit.getByRole("button", { name: "Halaman sebelumnya" }).click();
  await expect(audit.getByText("Halaman 1")).toBeVisible();
  await checkPage(hr, "14-hr-audit", audit);

  // 2. Webhooks: register one on a closed port, see its failed delivery, retry it, rotate the secret, delete it.
  const hooks = section(hr, "Webhook");
  await hooks.getByLabel("URL").fill("http://127.0.0.1:9/kinerja");
  await hooks.getByRole("button", { name: "Daftarkan webhook" }).click();
  await expect(hooks.getByText(/Rahasia penandatanganan .*: whsec_/)).toBeVisible();
  const item = hooks.getByRole("listitem").filter({ hasText: "http://127.0.0.1:9/kinerja" });
  await item.getByRole("button", { name: "Lihat pengiriman" }).click();
  // The worker first works through the events the demo's seeding left in the outbox (50 every 5 s).
  const waited = Date.now();
  await expect(item.locator("li strong", { hasText: "Gagal" }).first()).toBeVisible({ timeout: 240_000 });
  console.log(`first delivery failed after ${Math.round((Date.now() - waited) / 1000)} s`);
  await expect(item.getByText(/Percobaan: 1/).first()).toBeVisible();
  await expect(item.getByText(/penerima menolak sambungan/).first()).toBeVisible();
  await item.getByRole("button", { name: "Kirim ulang" }).first().click();
  await expect(item.getByRole("status").first()).toContainText("Pengiriman dijadwalkan ulang");
  await checkPage(hr, "15-hr-webhooks", hooks);
  await item.getByRole("button", { name: "Ganti rahasia" }).click();
  await expect(item.getByText(/Rahasia baru .*: whsec_/)).toBeVisible();
  // The secret shown at registration is gone: it no longer signs.
  await expect(hooks.getByText(/Rahasia penandatanganan .*: whsec_/)).toHaveCount(0);
  await item.getByRole("button", { name: "Hapus webhook" }).click();
  await item.getByRole("button", { name: "Ya, hapus beserta riwayatnya" }).click();
  await expect(hooks.getByText("Webhook dihapus.")).toBeVisible();
  await expect(hooks.getByRole("listitem").filter({ hasText: "http://127.0.0.1:9/kinerja" })).toHaveCount(0);

  // Every label is in English too, never a raw code.
  await hr.getByRole("button", { name: "Ganti bahasa ke English" }).click();
  const auditEn = section(hr, "Audit log");
  await auditEn.getByLabel("Event type").selectOption({ label: "Webhook" });
  await auditEn.getByRole("button", { name: "Apply the filters" }).click();
  await expect(events(auditEn, "Webhook: deleted").first()).toBeVisible();
  await expect(auditEn.getByText(/webhook\.delete/)).toHaveCount(0);
  await checkPage(hr, "16-hr-english", auditEn);
});

test("an auditor reads the agency and the audit log without editing controls", async ({
  browser,
  request,
}) => {
  const personas = await demoPersonas(request);
  const auditor = who(personas, "auditor");
  const page = await open(browser);
  await signInAs(page, auditor, "Auditor");
  const agency = section(page, "Instansi, unit dan paket aturan");
  await expect(agency.getByRole("listitem").filter({ hasText: "Sekretariat" }).first()).toBeVisible();
  await expect(agency.getByRole("button")).toHaveCount(0);
  await expect(section(page, "Log audit").getByRole("button", { name: "Terapkan filter" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Webhook" })).toHaveCount(0);
  await checkPage(page, "17-auditor");
});
