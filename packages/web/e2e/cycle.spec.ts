import { expect, test } from "@playwright/test";
import { base, checkPage, personas as demoPersonas, open, signInAs, who } from "./pages";

/** The whole SKP cycle through the pages, as each person would do it, on a phone-sized screen. */

const PERIOD = "Penilaian Kinerja 2027 (e2e)";

test("the SKP cycle through the pages: plan, review, realisations, feedback, citizen, assessment, calibration, result", async ({
  browser,
  request,
}) => {
  const personas = await demoPersonas(request);
  const employee = who(personas, "employee");
  const supervisor = who(personas, "supervisor");
  const hrPerson = who(personas, "hr");
  const team = personas.filter((p) => p.key === "staff" && p.unitId === employee.unitId);
  const names = new Set<string>();
  const peers = team
    .filter((p) => !names.has(p.name) && names.add(p.name) && p.name !== employee.name)
    .slice(0, 3);

  // Sign-in page with the persona picker.
  const hr = await open(browser);
  await hr.goto(`${base()}/`);
  await expect(hr.getByRole("heading", { name: "Pilih peran demo" })).toBeVisible();
  await checkPage(hr, "01-sign-in");

  // HR opens a period and starts planning.
  await signInAs(hr, hrPerson, "Kepegawaian");
  await hr.getByLabel("Nama", { exact: true }).fill(PERIOD);
  await hr.getByLabel("Mulai", { exact: true }).fill("2027-01-01");
  await hr.getByLabel("Selesai", { exact: true }).fill("2027-12-31");
  await hr.getByLabel("Siklus").selectOption("ANNUAL");
  await hr.getByRole("button", { name: "Buat periode" }).click();
  const transition = (event: string) => hr.getByRole("button", { name: `${event}: ${PERIOD}` }).click();
  await transition("Mulai perencanaan");
  await expect(hr.getByRole("row", { name: new RegExp(PERIOD.replace(/[()]/g, "\\$&")) })).toContainText(
    "Perencanaan",
  );
  await checkPage(hr, "02-hr");

  // The employee drafts a plan, saves it incomplete (its problems show), completes it and submits.
  const emp = await open(browser);
  await signInAs(emp, employee, "Pegawai");
  await emp.getByRole("button", { name: "Buat draf SKP" }).click();
  await emp.getByLabel("Uraian").fill("Laporan pembinaan sekolah dasar tersusun");
  await emp.getByLabel("Indikator 1.1").fill("Jumlah laporan pembinaan");
  // The target is still empty: the form lists it as a problem (and cannot be submitted), and the
  // draft can be saved as it is.
  await expect(emp.getByText("Masalah yang perlu diperbaiki sebelum diajukan")).toBeVisible();
  await expect(emp.getByRole("button", { name: "Ajukan ke atasan" })).toBeDisabled();
  await emp.getByRole("button", { name: "Simpan draf" }).click();
  await expect(emp.getByRole("status")).toContainText("Tersimpan");
  await expect(emp.locator(".state")).toHaveText("Draf");
  await emp.getByLabel("Target").fill("12");
  await emp.getByLabel("Satuan").fill("laporan");
  await emp.getByRole("button", { name: "Simpan draf" }).click();
  await expect(emp.getByRole("status")).toContainText("Tersimpan");
  await emp.getByRole("button", { name: "Ajukan ke atasan" }).click();
  await expect(emp.locator(".state")).toHaveText("Diajukan");
  await checkPage(emp, "03-employee-plan");

  // The supervisor returns it with a reason; the employee sees the comment, changes it and submits again.
  const sup = await open(browser);
  await signInAs(sup, supervisor, "Atasan");
  const card = sup.getByRole("article", { name: employee.name });
  await card.getByLabel(/^Alasan/).fill("Target terlalu rendah; naikkan menjadi 24 laporan.");
  await checkPage(sup, "04-supervisor-review", card);
  await card.getByRole("button", { name: "Kembalikan untuk revisi" }).click();
  await expect(sup.getByText("Tidak ada SKP yang menunggu.")).toBeVisible();
  await expect(emp.getByText("Target terlalu rendah")).toBeVisible({ timeout: 30_000 });
  await emp.getByLabel("Target").fill("24");
  await emp.getByRole("button", { name: "Ajukan ke atasan" }).click();
  await expect(emp.locator(".state")).toHaveText("Diajukan");
  await sup.reload();
  await sup.getByRole("article", { name: employee.name }).getByRole("button", { name: "Setujui" }).click();
  await expect(emp.locator(".state")).toHaveText("Disetujui", { timeout: 30_000 });

  // Execution: the employee records a realisation with evidence; the progress chart shows it.
  await transition("Mulai pelaksanaan");
  await emp.reload();
  await emp.getByLabel("Nilai realisasi").fill("20");
  await emp.getByLabel("Tautan bukti dukung").fill("https://dms.example.go.id/2027/laporan-1");
  await emp.getByLabel("Keterangan bukti").fill("Laporan semester");
  await emp.getByRole("button", { name: "Catat realisasi" }).click();
  await expect(emp.getByRole("link", { name: "Laporan semester" })).toBeVisible();
  await expect(emp.getByRole("heading", { name: "Capaian saya" })).toBeVisible();
  await checkPage(
    emp,
    "05-employee-realisations",
    emp.getByRole("region", { name: "Realisasi dan bukti dukung" }),
  );

  // Assessment: peers answer, a citizen answers through a one-time link, the supervisor finalises.
  await transition("Mulai penilaian");
  await sup.reload();
  const rounds = sup.getByRole("region", { name: "Minta umpan balik rekan" });
  await rounds.getByLabel("Pegawai", { exact: true }).selectOption(employee.id);
  for (const peer of peers) await rounds.getByLabel(peer.name).check();
  await rounds.getByRole("button", { name: "Minta umpan balik rekan" }).click();
  await expect(rounds.getByRole("status")).toBeVisible();
  await rounds.getByRole("button", { name: /Tautan survei masyarakat/ }).click();
  const link = await rounds
    .getByRole("list", { name: "Tautan survei masyarakat" })
    .getByRole("link")
    .first()
    .getAttribute("href");
  expect(link).toMatch(/\/f\//);

  for (const [n, peer] of peers.entries()) {
    const page = await open(browser);
    await signInAs(page, peer);
    const form = page.getByRole("form").first();
    await form
      .getByLabel("Rating hasil kerja")
      .selectOption(n === 0 ? "DI_ATAS_EKSPEKTASI" : "SESUAI_EKSPEKTASI");
    await form.getByLabel("Rating perilaku kerja (BerAKHLAK)").selectOption("SESUAI_EKSPEKTASI");
    if (n === 0) await checkPage(page, "06-peer-feedback", form);
    await form.getByRole("button", { name: "Kirim" }).click();
    await expect(page.getByText("Tidak ada permintaan umpan balik yang terbuka.")).toBeVisible();
    await page.context().close();
  }

  const citizen = await open(browser);
  await citizen.goto(link!);
  await expect(citizen.getByRole("heading", { name: "Survei kepuasan layanan" })).toBeVisible();
  await citizen.getByLabel("Di atas ekspektasi").check();
  await checkPage(citizen, "07-citizen");
  await citizen.getByRole("button", { name: "Kirim" }).click();
  await expect(citizen.getByRole("status")).toContainText("Terima kasih");
  await checkPage(citizen, "08-citizen-thanks");
  await citizen.reload();
  await citizen.getByLabel("Sesuai ekspektasi").check();
  await citizen.getByRole("button", { name: "Kirim" }).click();
  await expect(citizen.getByRole("alert")).toContainText("sudah digunakan");

  await rounds.getByRole("button", { name: /Tutup putaran \(Rekan/ }).click();
  await rounds.getByRole("button", { name: /Tutup putaran \(Masyarakat/ }).click();
  const assessment = sup
    .getByRole("region", { name: "Penilaian" })
    .getByRole("article", { name: employee.name });
  await assessment.getByLabel("Rating hasil kerja").selectOption("SESUAI_EKSPEKTASI");
  await assessment.getByLabel("Rating perilaku kerja (BerAKHLAK)").selectOption("SESUAI_EKSPEKTASI");
  await assessment
    .getByLabel(/^Justifikasi/)
    .fill("Sesuai realisasi dan umpan balik rekan serta masyarakat.");
  await assessment.getByRole("button", { name: "Simpan penilaian" }).click();
  // The rule package's suggestion from the stored draft: capaian 20/24 = 83 % is below 90 %.
  await expect(assessment).toContainText("Saran sistem: Di bawah ekspektasi");
  await checkPage(sup, "09-supervisor-assessment", assessment);
  await assessment.getByRole("button", { name: "Finalkan" }).click();
  await expect(assessment.getByText("Final", { exact: true })).toBeVisible();

  // HR: the unit's organisation result, the calibration board, then calibration and close.
  await hr.reload();
  await transition("Mulai kalibrasi");
  const calibration = hr.getByRole("region", { name: "Kalibrasi per unit" });
  await calibration.getByLabel("Unit kerja").selectOption("bidang-sd");
  await calibration.getByLabel("Predikat kinerja organisasi").selectOption("BAIK");
  await calibration.getByRole("button", { name: "Simpan" }).click();
  await expect(calibration.getByText(/batas SE 3\/2023/)).toBeVisible();
  // The board counts the employee's final grade in this period (the chart's table of numbers).
  await expect(calibration.getByRole("row", { name: "Baik 1" })).toBeAttached();
  const apply = calibration.getByRole("button", { name: "Terapkan usulan" });
  if (await apply.isVisible()) await apply.click();
  await checkPage(hr, "10-hr-calibration", calibration);
  await transition("Tutup periode");
  await expect(hr.getByRole("row", { name: new RegExp(PERIOD.replace(/[()]/g, "\\$&")) })).toContainText(
    "Ditutup",
  );

  // The employee reads the result, its explanation and legal basis, in Indonesian and English.
  await emp.reload();
  await expect(emp.getByText("Predikat kinerja:")).toBeVisible({ timeout: 30_000 });
  await expect(emp.getByText(/Dasar hukum/).first()).toBeVisible();
  await checkPage(emp, "11-employee-result", emp.getByRole("region", { name: "Hasil penilaian saya" }));
  await emp.getByRole("button", { name: "Ganti bahasa ke English" }).click();
  await expect(emp.getByText("Performance rating:")).toBeVisible();
  await expect(emp.getByText(/Legal basis/).first()).toBeVisible();
});
